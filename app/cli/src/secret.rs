//! Reading a secret (a staff PIN, an office password) for a command: without
//! echo from the terminal (`rpassword`), or one line from stdin when stdin is
//! not a terminal (scripts and tests pipe it, e.g.
//! `printf 'secret\n' | canteen-office user add …`). Never printed.

use std::io::{BufRead, IsTerminal};

/// One secret: prompted without echo on a terminal, else the next line of
/// stdin; `None` for an empty line or stdin at its end.
pub fn read_optional(prompt: &str) -> std::io::Result<Option<String>> {
    let secret = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line
    };
    let secret = secret.trim_end_matches(['\r', '\n']).to_owned();
    Ok((!secret.is_empty()).then_some(secret))
}

/// Whether stdin is a terminal (a person can be asked to type it again).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}
