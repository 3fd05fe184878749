//! Slugs and the folding that makes names searchable without case or diacritics.

/// Folds text for matching: diacritics dropped and letters transliterated to ASCII
/// (`İhsanoğlu` -> `ihsanoglu`), then lowercased. Search folds both the name and the
/// query, so `İHSANOĞLU` and `ihsanoglu` meet.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// The slug of a name: folded, with every run of other characters turned into one `-`.
pub fn slugify(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// Whether `text` is a slug: lowercase ASCII words joined by single `-`.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_diacritics() {
        assert_eq!(fold("Ekmeleddin İhsanoğlu"), "ekmeleddin ihsanoglu");
        assert_eq!(fold("İHSANOĞLU"), "ihsanoglu");
    }

    #[test]
    fn slugs_are_folded_words_joined_by_dashes() {
        assert_eq!(slugify("Ekmeleddin İhsanoğlu"), "ekmeleddin-ihsanoglu");
        assert_eq!(slugify("Yousef Al-Othaimeen"), "yousef-al-othaimeen");
        assert!(is_slug("oic-secretary-general"));
        for bad in ["", "OIC", "a--b", "-a", "a-", "a b", "ihsanoğlu"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
