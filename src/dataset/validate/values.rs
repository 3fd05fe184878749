//! The rules of single values, shared by every file: dates (each distinct text
//! parsed once), slugs, lists of sources (each distinct list stored once), localized
//! texts and their language tags.

use std::sync::Arc;

use super::{Builder, FileRef};
use crate::dataset::error::JsonPath;
use crate::dataset::files::LocalizedRecord;
use crate::domain::{is_slug, LocalizedText, PartialDate, SourceId};

impl Builder<'_> {
    pub(super) fn date(
        &mut self,
        at: FileRef,
        path: JsonPath,
        text: &str,
    ) -> Option<Arc<PartialDate>> {
        if let Some(date) = self.dates.get(text) {
            return Some(date.clone());
        }
        match text.parse::<PartialDate>() {
            Ok(date) => {
                let date = Arc::new(date);
                self.dates.insert(text.to_owned(), date.clone());
                Some(date)
            }
            Err(e) => {
                self.report(at, path, e.to_string());
                None
            }
        }
    }

    pub(super) fn slug(&mut self, at: FileRef, path: JsonPath, what: &str, text: &str) {
        if !is_slug(text) {
            self.report(at, path, format!(
                "{what} `{text}` is not a slug: use lowercase ASCII letters and digits in words joined by single `-`, e.g. `ekmeleddin-ihsanoglu`"
            ));
        }
    }

    /// The ids of the cited sources, as one shared list per distinct citation.
    pub(super) fn sources(
        &mut self,
        at: FileRef,
        path: JsonPath,
        cited: &[String],
        required: bool,
    ) -> Arc<[SourceId]> {
        if required && cited.is_empty() {
            self.report(
                at,
                path,
                "cite at least one source: a key of dataset.json's `sources`",
            );
        }
        let mut ids = Vec::with_capacity(cited.len());
        for (index, key) in cited.iter().enumerate() {
            match self.keys.sources.get(key.as_str()) {
                Some(&id) => ids.push(id),
                None if !self.keys.dataset_parsed => {}
                None => {
                    let valid = listing(self.keys.sources.keys().copied());
                    self.report(
                        at,
                        path.index(index),
                        format!(
                            "no source has id `{key}`: use one of dataset.json's sources ({valid})"
                        ),
                    );
                }
            }
        }
        if let Some(shared) = self.source_lists.get(&ids) {
            return shared.clone();
        }
        let shared: Arc<[SourceId]> = ids.clone().into();
        self.source_lists.insert(ids, shared.clone());
        shared
    }

    pub(super) fn localized(
        &mut self,
        at: FileRef,
        path: JsonPath,
        records: &[LocalizedRecord],
    ) -> Vec<LocalizedText> {
        records
            .iter()
            .enumerate()
            .map(|(index, record)| {
                if !is_language_tag(&record.language) {
                    self.report(
                        at,
                        path.index(index).key("language"),
                        format!(
                            "`{}` is not a BCP 47 language tag: use e.g. `ar`, `fr` or `pt-BR`",
                            record.language
                        ),
                    );
                }
                LocalizedText {
                    language: record.language.clone(),
                    text: record.text.clone(),
                }
            })
            .collect()
    }
}

/// A BCP 47 tag in the simple form the dataset uses: a 2-3 letter language, then
/// subtags of 2-8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    language_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The keys that would be valid, sorted, for an error message.
pub(super) fn listing<'k>(keys: impl Iterator<Item = &'k str>) -> String {
    let mut keys: Vec<&str> = keys.collect();
    keys.sort_unstable();
    if keys.is_empty() {
        return "there are none".to_owned();
    }
    let shown: Vec<String> = keys.iter().take(10).map(|k| format!("`{k}`")).collect();
    let more = keys.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
