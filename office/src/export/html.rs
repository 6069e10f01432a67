//! Small helpers for the printable HTML pages: escaping text that came from
//! data, and the shared page head.

/// `text` with `& < > " '` escaped for HTML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The start of a printable page: doctype, language, title and `css`.
pub fn head(lang: super::Lang, title: &str, css: &str) -> String {
    let lang = lang.pick("zh-CN", "en");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{css}</style>\n</head>\n",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(
            super::esc("<b>\"A&B\"</b>'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
        );
    }
}
