//! Masking of scanned text for display, logs and JSON: the first 3 and last 4
//! characters are kept and the rest become `*` (`110***********002X`); text of
//! 8 characters or fewer is masked completely. Nothing else in this crate ever
//! shows a full resident ID number.

/// Masks `s` as described in the module docs.
pub fn mask(s: &str) -> String {
    let n = s.chars().count();
    if n <= 8 {
        return "*".repeat(n);
    }
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= n - 4 { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn keeps_first_three_and_last_four() {
        assert_eq!(mask("11010519491231002X"), "110***********002X");
        assert_eq!(mask("110105491231002"), "110********1002");
    }

    #[test]
    fn short_text_is_fully_masked() {
        assert_eq!(mask("12345678"), "********");
        assert_eq!(mask(""), "");
        assert_eq!(mask("张三丰一二三四五六"), "张三丰**三四五六");
    }
}
