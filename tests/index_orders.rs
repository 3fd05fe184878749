//! The index's orders, built from keys read once, are the orders of the plain
//! comparisons they replaced, on a generated dataset whose people often share a name
//! and a first day, so the orders meet ties.

use tenure::domain::{Dataset, SecretaryId, Term, TermId};
use tenure::generate::{self, Plan};
use tenure::index::{Catalog, Deadline, Matches};

fn dataset_with_ties() -> Dataset {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plan = Plan {
        offices: 30,
        terms_per_office: 80,
        seed: 11,
    };
    generate::write(plan, dir.path()).expect("the generator writes its files");
    let mut dataset = tenure::dataset::load(dir.path())
        .expect("a generated dataset passes its checks")
        .dataset;
    for (index, secretary) in dataset.secretaries.iter_mut().enumerate() {
        if index % 3 == 0 {
            secretary.name = format!("Same Name {}", index % 2);
        }
    }
    dataset
}

#[test]
fn all_terms_are_in_the_order_the_plain_comparison_gives() {
    let dataset = dataset_with_ties();
    let key = |id: &TermId| {
        let t: &Term = dataset.term(*id);
        (t.start.earliest(), t.office, t.ordinal)
    };
    let mut expected: Vec<TermId> = (0..dataset.terms.len() as u32).map(TermId).collect();
    expected.sort_by_key(key);
    let catalog = Catalog::new(dataset.clone(), "test".to_owned());
    let all = catalog.terms_by_start(None);
    let actual: Vec<TermId> = (0..all.len()).filter_map(|p| all.term(p)).collect();
    assert_eq!(
        actual.len(),
        2_454,
        "30 offices of 80 terms and the bundled 54"
    );
    assert_eq!(actual, expected);
}

#[test]
fn people_are_in_the_order_the_plain_stable_sort_gives() {
    let dataset = dataset_with_ties();
    let first_start = |id: SecretaryId| {
        let secretary = dataset.secretary(id);
        secretary
            .terms
            .first()
            .map(|&t| dataset.term(t).start.earliest())
    };
    let mut expected: Vec<SecretaryId> = (0..dataset.secretaries.len() as u32)
        .map(SecretaryId)
        .collect();
    expected.sort_by(|&a, &b| {
        (first_start(a), &dataset.secretary(a).name)
            .cmp(&(first_start(b), &dataset.secretary(b).name))
    });
    let same_name = expected
        .windows(2)
        .filter(|w| dataset.secretary(w[0]).name == dataset.secretary(w[1]).name)
        .count();
    assert!(
        same_name > 10,
        "the dataset has ties to order ({same_name})"
    );
    let catalog = Catalog::new(dataset.clone(), "test".to_owned());
    let people = catalog
        .secretaries(None, None, Deadline::NONE)
        .expect("no deadline passes");
    let actual: Vec<SecretaryId> = (0..people.positions())
        .map(|p| people.secretary(p))
        .collect();
    assert_eq!(actual, expected);
}
