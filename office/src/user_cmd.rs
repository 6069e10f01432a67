//! `canteen-office user add|unlock`: the web back office's accounts. The
//! password is read as the kiosk reads a PIN (`canteen_cli::secret`): without
//! echo, asked twice, on a terminal; one line of stdin otherwise.

use anyhow::Context;
use canteen_office::OfficeError;
use canteen_office::store::users;
use clap::Subcommand;

use crate::Data;

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a web account; its password (8 characters or more) is read without
    /// echo from the terminal, or as one line of stdin.
    Add {
        #[arg(long)]
        name: String,
        /// admin (devices, users, menus, pricing), clerk (residents, cards) or
        /// viewer (reads).
        #[arg(long, value_parser = ["admin", "clerk", "viewer"])]
        role: String,
        #[command(flatten)]
        data: Data,
    },
    /// Unlock an account locked by five wrong passwords in a row.
    Unlock {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        data: Data,
    },
}

/// Runs `user add|unlock`.
pub(crate) fn run(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { name, role, data } => add(&data, &name, &role),
        UserCommand::Unlock { name, data } => unlock(&data, &name),
    }
}

fn refusal(code: &'static str, message: &str) -> anyhow::Error {
    OfficeError::BadRequest {
        code,
        status: 400,
        message: message.into(),
    }
    .into()
}

/// Adds user `name` with `role` (clap checked it), its password from stdin.
fn add(data: &Data, name: &str, role: &str) -> anyhow::Result<()> {
    let role = users::Role::parse(role).context("an unknown role")?;
    let password = canteen_cli::secret::read_optional("Password: ")?.ok_or_else(|| {
        refusal(
            "missing_password",
            "no password was given: type it at the prompt, or pipe it on stdin",
        )
    })?;
    if canteen_cli::secret::interactive()
        && canteen_cli::secret::read_optional("Password again: ")?.as_deref()
            != Some(password.as_str())
    {
        return Err(refusal(
            "password_mismatch",
            "the two passwords differ: run the command again",
        ));
    }
    let mut conn = data.open()?;
    users::add(
        &mut conn,
        name,
        role,
        &password,
        &chrono::Utc::now().to_rfc3339(),
    )?;
    canteen_cli::print_json(&serde_json::json!({ "user": name.trim(), "role": role.as_str() }));
    Ok(())
}

/// Unlocks user `name`.
fn unlock(data: &Data, name: &str) -> anyhow::Result<()> {
    users::unlock(&mut data.open()?, name, &chrono::Utc::now().to_rfc3339())?;
    canteen_cli::print_json(&serde_json::json!({ "unlocked": name }));
    Ok(())
}
