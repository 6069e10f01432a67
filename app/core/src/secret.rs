//! A credential that never prints: [`Secret`] holds a device's bearer token
//! or the community secret's hex as it travels (the enrolment answer, the
//! kiosk's link to its office, `sync.toml`, `--token`), so a `{:?}` of any
//! struct holding one shows `Secret(***)` and no struct needs a hand-written
//! `Debug` to keep it out of a log or a panic. As with
//! [`crate::ResidentId::expose`], the text is read with [`Secret::expose`] in
//! the few places that send or store it.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// A credential's text; its `Debug` shows `Secret(***)`, and it has no
/// `Display`. Serialised as the plain string (the wire and the files carry it).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The credential itself, to send, hash or store.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// For command-line flags (`--token`): any text is taken as it is.
impl FromStr for Secret {
    type Err = Infallible;

    fn from_str(text: &str) -> Result<Secret, Infallible> {
        Ok(Secret::new(text))
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Holder {
        office: &'static str,
        token: Secret,
    }

    #[test]
    fn debug_never_shows_the_text_but_serde_carries_it() {
        let token = Secret::new("tok-1234567890");
        let shown = format!(
            "{:?}",
            Holder {
                office: "https://office",
                token: token.clone()
            }
        );
        assert!(!shown.contains("1234567890"), "{shown}");
        assert!(shown.contains("Secret(***)") && shown.contains("https://office"));
        let json = serde_json::to_string(&token).unwrap();
        assert_eq!(json, "\"tok-1234567890\"");
        assert_eq!(serde_json::from_str::<Secret>(&json).unwrap(), token);
        assert_eq!("abc".parse::<Secret>().unwrap().expose(), "abc");
    }
}
