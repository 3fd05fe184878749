//! Slugs for Popolo ids: each kind of object gets slugs unique among its kind.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::domain::{is_slug, slugify};

/// Gives each Popolo id a slug unique among its kind.
#[derive(Default)]
pub struct Slugs {
    by_id: HashMap<String, String>,
    taken: HashSet<String>,
}

impl Slugs {
    /// The slug for `id`: its last segment (after `/` or `:`) when that is a slug
    /// already and says something (not a bare UUID or number), else the name's, made
    /// unique with `-2`, `-3`, ... So tenure's own ids (`ekmeleddin-ihsanoglu`,
    /// `party/independent`) come back as they were exported.
    pub fn give(&mut self, id: &str, name: &str) -> String {
        if let Some(slug) = self.by_id.get(id) {
            return slug.clone();
        }
        let last = id.rsplit(['/', ':']).next().unwrap_or(id);
        let says_something = !looks_like_uuid(last) && !last.bytes().all(|b| b.is_ascii_digit());
        let base = if is_slug(last) && says_something {
            last.to_owned()
        } else {
            [slugify(name), slugify(id)]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or_else(|| "unnamed".to_owned())
        };
        let slug = unique(&mut self.taken, base);
        self.by_id.insert(id.to_owned(), slug.clone());
        slug
    }
}

/// `base`, or `base-2`, `base-3`, ... : the first that `taken` does not hold, which
/// then holds it.
pub fn unique(taken: &mut HashSet<String>, base: String) -> String {
    let mut key = base.clone();
    let mut n = 2;
    while !taken.insert(key.clone()) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

fn looks_like_uuid(text: &str) -> bool {
    text.len() == 36 && text.split('-').map(str::len).eq([8, 4, 4, 4, 12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_say_something_are_kept_and_the_rest_named() {
        let mut slugs = Slugs::default();
        assert_eq!(
            slugs.give("party/independent", "Independent"),
            "independent"
        );
        assert_eq!(
            slugs.give("party/anguilla_united_front", "Anguilla United Front"),
            "anguilla-united-front"
        );
        assert_eq!(
            slugs.give("ocd-division/country:tv/constituency:nui", "Nui"),
            "nui"
        );
        assert_eq!(slugs.give("7", "Road North"), "road-north");
        assert_eq!(
            slugs.give("2b6f9192-019d-4482-bfd7-b2ade5ae0160", "Albert E. HUGHES"),
            "albert-e-hughes"
        );
        assert_eq!(slugs.give("someone-else", "Independent"), "someone-else");
        assert_eq!(slugs.give("x/Independent", "Independent"), "independent-2");
        assert_eq!(slugs.give("party/independent", "Other"), "independent");
    }
}
