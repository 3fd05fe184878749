//! The dataset's sources, made of the file's Popolo links: one source per address,
//! tenure's own key back from `urn:tenure:source:<key>`, and the file itself for
//! every object that cites nothing. Each distinct list a term cites is kept once,
//! since a large file's million memberships cite a handful of lists.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::ids::unique;
use crate::dataset::SourceRecord;
use crate::domain::{is_slug, slugify};
use crate::popolo::model::{self, Link};

/// The sources made so far, the file's first.
pub struct Sources {
    records: Vec<SourceRecord>,
    by_url: HashMap<String, String>,
    keys: HashSet<String>,
    lists: Vec<Vec<String>>,
    list_index: HashMap<Vec<String>, u32>,
}

impl Sources {
    /// The sources of an import of `file`, which is the first.
    pub fn new(file: &str) -> Self {
        let stem = file.strip_suffix(".json").unwrap_or(file);
        let key = Some(slugify(stem))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "popolo-file".to_owned());
        Self {
            records: vec![SourceRecord {
                id: key.clone(),
                title: file.to_owned(),
                publisher: None,
                url: None,
                note: Some(format!(
                    "The Popolo file this dataset was imported from with `tenure import popolo {file}`."
                )),
            }],
            by_url: HashMap::default(),
            keys: HashSet::from_iter([key]),
            lists: Vec::new(),
            list_index: HashMap::default(),
        }
    }

    /// Points the file's source where the file says its data came from
    /// (EveryPolitician's `meta.sources`).
    pub fn file_came_from(&mut self, urls: &[String]) {
        let file = &mut self.records[0];
        file.url = urls.first().cloned();
        if urls.len() > 1 {
            file.note = Some(format!(
                "{} Its data came from {}.",
                file.note.take().unwrap_or_default(),
                urls.join(", ")
            ));
        }
    }

    /// The source keys for `links`, the file's when there are none.
    pub fn cite(&mut self, links: &[Link<'_>]) -> Vec<String> {
        if links.is_empty() {
            return vec![self.records[0].id.clone()];
        }
        let mut keys: Vec<String> = Vec::with_capacity(links.len());
        for link in links {
            let key = match self.by_url.get(link.url.as_ref()) {
                Some(key) => key.clone(),
                None => self.add(link),
            };
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    /// The number of the list `keys`, kept once.
    pub fn list(&mut self, keys: Vec<String>) -> u32 {
        if let Some(&index) = self.list_index.get(&keys) {
            return index;
        }
        let index = self.lists.len() as u32;
        self.lists.push(keys.clone());
        self.list_index.insert(keys, index);
        index
    }

    /// The list numbered `index`.
    pub fn list_of(&self, index: u32) -> &[String] {
        &self.lists[index as usize]
    }

    /// The sources, for `dataset.json`.
    pub fn into_records(self) -> Vec<SourceRecord> {
        self.records
    }

    /// A source for a link: tenure's own key back from `urn:tenure:source:<key>`, else
    /// a key made of the address.
    fn add(&mut self, link: &Link<'_>) -> String {
        let url = link.url.as_ref();
        let (base, address) = match url.strip_prefix(model::SOURCE_URN) {
            Some(key) if is_slug(key) => (key.to_owned(), None),
            _ => {
                let readable = url
                    .split_once("://")
                    .map_or(url, |(_, rest)| rest)
                    .trim_start_matches("www.");
                let mut slug = slugify(readable);
                slug.truncate(60);
                let slug = slug.trim_end_matches('-');
                let slug = if slug.is_empty() { "source" } else { slug };
                (slug.to_owned(), Some(url.to_owned()))
            }
        };
        let key = unique(&mut self.keys, base);
        self.by_url.insert(url.to_owned(), key.clone());
        self.records.push(SourceRecord {
            id: key.clone(),
            title: link
                .note
                .as_deref()
                .filter(|note| !note.trim().is_empty())
                .unwrap_or(url)
                .to_owned(),
            publisher: None,
            url: address,
            note: None,
        });
        key
    }
}
