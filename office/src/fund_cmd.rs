//! `canteen-office partner …` and `canteen-office fund …`: the community
//! partners' agreements, the fund's payments and spending, and the monthly
//! statement (JSON, XLSX or a printable page). Amounts are typed in fen, as
//! everywhere on the command line; the statement for people shows yuan.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use canteen_cli::print_json;
use canteen_office::export::{self, Lang};
use canteen_office::report::{self, Month};
use canteen_office::store::{audit, fund};
use chrono::NaiveDate;
use clap::Subcommand;

use crate::Data;

#[derive(Debug, Subcommand)]
pub(crate) enum PartnerCommand {
    /// Record an operator's agreement with the community fund: a share of
    /// their revenue, a fixed monthly amount, or both.
    Add {
        /// The operator exactly as registered with `device add --operator`.
        #[arg(long)]
        operator: String,
        /// Percent of the operator's revenue (paid plus subsidy), e.g. 5 or 2.5.
        #[arg(long, value_parser = parse_percent, default_value = "0")]
        share: u32,
        /// A fixed amount each month, in fen (50000 = ¥500.00).
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
        monthly_fen: i64,
        /// The first day in force.
        #[arg(long)]
        from: NaiveDate,
        /// The last day in force (none: until ended).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Who enters it.
        #[arg(long)]
        by: String,
        #[command(flatten)]
        data: Data,
    },
    /// End a running agreement on its last day.
    End {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        on: NaiveDate,
        #[command(flatten)]
        data: Data,
    },
    /// Every agreement, one JSON object a line.
    List {
        #[command(flatten)]
        data: Data,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum StatementFormat {
    Json,
    Xlsx,
    Html,
}

#[derive(Debug, Subcommand)]
pub(crate) enum FundCommand {
    /// Record a partner's payment into the fund.
    Pay {
        #[arg(long)]
        operator: String,
        #[command(flatten)]
        entry: EntryArgs,
    },
    /// Record spending from the fund (`--note`: what the money was for).
    Spend(EntryArgs),
    /// The month's statement: each partner's due, paid and owed, and the fund's balance.
    Report {
        /// YYYY-MM.
        #[arg(long, value_parser = Month::parse)]
        month: Month,
        #[arg(long, value_enum, default_value_t = StatementFormat::Json)]
        format: StatementFormat,
        /// Headers of xlsx and html: zh or en.
        #[arg(long, default_value = "zh", value_parser = crate::export_cmd::parse_lang)]
        lang: Lang,
        /// Write here (needed for xlsx; stdout otherwise).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        data: Data,
    },
}

/// What a payment and a spending entry both say.
#[derive(Debug, clap::Args)]
pub(crate) struct EntryArgs {
    /// In fen (negative to correct an earlier entry).
    #[arg(long, allow_negative_numbers = true)]
    amount_fen: i64,
    #[arg(long)]
    on: NaiveDate,
    #[arg(long)]
    note: String,
    /// Who enters it.
    #[arg(long)]
    by: String,
    #[command(flatten)]
    data: Data,
}

/// `5`, `2.5` or `5%` as basis points.
fn parse_percent(text: &str) -> Result<u32, String> {
    let bad = || format!("`{text}` is not a percentage: write e.g. 5 or 2.5 (0 to 100)");
    let t = text.trim().trim_end_matches('%');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
        || whole.is_empty()
    {
        return Err(bad());
    }
    let bp = whole
        .parse::<u32>()
        .map_err(|_| bad())?
        .checked_mul(100)
        .ok_or_else(bad)?
        + format!("{frac:0<2}").parse::<u32>().map_err(|_| bad())?;
    if bp > 10_000 { Err(bad()) } else { Ok(bp) }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

pub(crate) fn partner(cmd: PartnerCommand) -> anyhow::Result<()> {
    match cmd {
        PartnerCommand::Add {
            operator,
            share,
            monthly_fen,
            from,
            to,
            by,
            data,
        } => {
            let mut conn = data.open()?;
            let new = fund::NewAgreement {
                operator: &operator,
                share_bp: share,
                monthly_fen,
                starts_on: from,
                ends_on: to,
                by: &by,
            };
            let at = now();
            let id = fund::add_agreement(&mut conn, &new, &at)?;
            let what = format!("partner agreement {id} added for {operator}");
            audit::record(&mut conn, &at, audit::CONSOLE, &what, 1)?;
            print_json(
                &serde_json::json!({ "id": id, "operator": operator, "share_bp": share, "monthly_fen": monthly_fen, "starts_on": from, "ends_on": to }),
            );
        }
        PartnerCommand::End { id, on, data } => {
            let mut conn = data.open()?;
            fund::end_agreement(&mut conn, id, on)?;
            let what = format!("partner agreement {id} ends on {on}");
            audit::record(&mut conn, &now(), audit::CONSOLE, &what, 1)?;
            print_json(&serde_json::json!({ "id": id, "ends_on": on }));
        }
        PartnerCommand::List { data } => {
            for a in fund::agreements(&mut data.open()?)? {
                print_json(&serde_json::to_value(&a)?);
            }
        }
    }
    Ok(())
}

pub(crate) fn fund(cmd: FundCommand) -> anyhow::Result<()> {
    let (kind, operator, e) = match cmd {
        FundCommand::Report {
            month,
            format,
            lang,
            out,
            data,
        } => return report(month, format, lang, out, &data),
        FundCommand::Pay { operator, entry } => (fund::EntryKind::Payment, Some(operator), entry),
        FundCommand::Spend(entry) => (fund::EntryKind::Spending, None, entry),
    };
    let entry = fund::NewEntry {
        kind,
        operator: operator.as_deref(),
        amount_fen: e.amount_fen,
        on_date: e.on,
        note: &e.note,
        by: &e.by,
    };
    let (mut conn, at) = (e.data.open()?, now());
    let id = fund::add_entry(&mut conn, &entry, &at)?;
    let amount = canteen_core::Money::from_fen(e.amount_fen);
    let what = match operator.as_deref() {
        Some(operator) => format!("fund payment {id} to {operator}: {amount}"),
        None => format!("fund spending {id}: {amount}"),
    };
    audit::record(&mut conn, &at, audit::CONSOLE, &what, 1)?;
    print_json(&serde_json::json!({
        "id": id, "kind": kind, "operator": operator, "amount_fen": e.amount_fen, "on": e.on,
    }));
    Ok(())
}

fn report(
    month: Month,
    format: StatementFormat,
    lang: Lang,
    out: Option<PathBuf>,
    data: &Data,
) -> anyhow::Result<()> {
    let statement = report::fund(&mut data.open()?, month)?;
    let bytes = match format {
        StatementFormat::Json => {
            print_json(&serde_json::to_value(&statement)?);
            return Ok(());
        }
        StatementFormat::Xlsx => export::fund_xlsx(&statement, lang)?,
        StatementFormat::Html => export::fund_html(&statement, lang).into_bytes(),
    };
    match (out, format) {
        (Some(path), _) => {
            std::fs::write(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            print_json(
                &serde_json::json!({ "out": path, "bytes": bytes.len(), "partners": statement.partners.len() }),
            );
        }
        (None, StatementFormat::Xlsx) => {
            return Err(canteen_office::OfficeError::BadRequest {
                code: "usage",
                status: 400,
                message: "an XLSX workbook needs --out FILE.xlsx".into(),
            }
            .into());
        }
        (None, _) => std::io::stdout().write_all(&bytes)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_are_basis_points() {
        assert_eq!(super::parse_percent("5"), Ok(500));
        assert_eq!(super::parse_percent("2.5%"), Ok(250));
        assert_eq!(super::parse_percent("0.05"), Ok(5));
        for bad in ["", "abc", "5.555", "101", "-1", "1e2"] {
            assert!(
                super::parse_percent(bad)
                    .unwrap_err()
                    .contains("percentage"),
                "{bad}"
            );
        }
    }
}
