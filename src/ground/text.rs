//! Text as people type it: one Unicode form, and folded for matching what
//! they type against codes and labels.

/// Unicode NFC, so that "Hòa" typed with a combining accent and "Hòa"
/// typed precomposed are the same text and the same key.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Text folded for matching the words people type against a column's codes
/// and labels: NFC, lower case, single spaces.
pub fn fold(s: &str) -> String {
    nfc(s).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}
