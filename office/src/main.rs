//! `canteen-office`: serve the sync API, register devices, write reports.
//!
//! Errors print as one JSON object `{"error","message"}` on stdout and the
//! message on stderr; exit 2 for a refusal (a bad argument, a missing file),
//! 1 for a fault (a full disk, a locked database, even a panic), with a
//! message that says what to do. `--help` and `--version` print as usual.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use canteen_office::export::Lang;
use canteen_office::report::{self, Dates};
use canteen_office::seal::{self, SealKey};
use canteen_office::store::backend::{Conn, Database};
use canteen_office::store::{audit, device_status, devices, enrol, registry};
use canteen_office::{OfficeError, card_png, keys, server, tls};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

mod bundle_cmd;
mod database_cmd;
mod delivery_cmd;
mod exit;
mod export_cmd;
mod fund_cmd;
mod menu_cmd;
mod screenshots;
mod user_cmd;

use exit::{classify, emit, install_panic_hook, usage};

/// The community office's sync receiver and reports.
#[derive(Debug, Parser)]
#[command(name = "canteen-office", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sync API over HTTP.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8443")]
        listen: String,
        #[command(flatten)]
        data: Data,
        /// PEM certificate chain: serve HTTPS (needs --tls-key).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key of --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// How many minutes ahead of the office's clock a sale may be dated
        /// before it is quarantined as `future`.
        #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u32).range(0..=1440))]
        clock_skew_minutes: u32,
        #[command(flatten)]
        seal: Seal,
    },
    /// Registered devices.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Meal cards.
    #[command(subcommand)]
    Card(CardCommand),
    /// Signed resident/menu/pricing bundles for the kiosks.
    #[command(subcommand)]
    Bundle(bundle_cmd::BundleCommand),
    /// Print the office's public key (configure it on every kiosk).
    Key {
        #[command(flatten)]
        data: Data,
    },
    /// Reports from the received records.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The office's registry (what re-pricing a synced sale needs to know).
    #[command(subcommand)]
    Residents(ResidentsCommand),
    /// The audit log: exports that opened full ID numbers and names, the web
    /// back office's sign-ins, and changes made on the web or at the console.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Community partners' agreements with the fund.
    #[command(subcommand)]
    Partner(fund_cmd::PartnerCommand),
    /// The community fund: payments, spending, the monthly statement.
    #[command(subcommand)]
    Fund(fund_cmd::FundCommand),
    /// The day's dishes with diet tags, and their history.
    #[command(subcommand)]
    Menu(menu_cmd::MenuCommand),
    /// The web back office's accounts.
    #[command(subcommand)]
    User(user_cmd::UserCommand),
    /// The office's database: move it from SQLite to PostgreSQL.
    #[command(subcommand)]
    Database(database_cmd::DatabaseCommand),
    /// Write a PNG of each web page (headless chromium) into --out.
    Screenshots {
        #[arg(long)]
        out: PathBuf,
        /// zh or en.
        #[arg(long, default_value = "zh", value_parser = export_cmd::parse_lang)]
        lang: Lang,
        /// The pages' "now" (RFC 3339), e.g. to show a past month; default
        /// the system clock.
        #[arg(long)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        #[command(flatten)]
        data: Data,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Print each audit entry, oldest first, one JSON object a line.
    List {
        #[command(flatten)]
        data: Data,
    },
}

#[derive(Debug, clap::Args)]
struct Seal {
    /// The key that seals full ID numbers and names (32 bytes hex, mode 0600),
    /// kept OUTSIDE the data directory; created by the first import. Default
    /// `<data>.seal.key` next to the data directory.
    #[arg(long)]
    seal_key: Option<PathBuf>,
}

impl Seal {
    fn open(
        &self,
        data_dir: &Path,
        conn: &mut dyn canteen_office::store::db::Db,
        create: bool,
    ) -> anyhow::Result<SealKey> {
        let path = self
            .seal_key
            .clone()
            .unwrap_or_else(|| seal::default_path(data_dir));
        Ok(SealKey::open(&path, data_dir, conn, create)?)
    }
}

#[derive(Debug, Subcommand)]
enum ResidentsCommand {
    /// Import a registry file (`id_number,name,categories,card_no,status`, or
    /// Chinese headers; CSV in UTF-8 or GB18030, or XLSX): residents keyed
    /// with the community secret; nothing imported unless every row is good.
    Import {
        file: PathBuf,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        seal: Seal,
    },
    /// Standing orders for meals delivered to the housebound.
    #[command(subcommand)]
    Delivery(delivery_cmd::DeliveryCommand),
}

#[derive(Debug, clap::Args)]
pub(crate) struct Data {
    /// The office's data directory (its keys, and its SQLite database unless
    /// --database names another).
    #[arg(long, default_value = "./office-data")]
    pub(crate) data: PathBuf,
    /// The office's database: a PostgreSQL URL (`postgres://USER@HOST/DB`,
    /// several `serve` processes may share it) or a SQLite file. Default:
    /// `office.db` in the data directory. Keys and the seal key stay files.
    #[arg(long)]
    pub(crate) database: Option<String>,
}

impl Data {
    /// The database `--database` names, or the data directory's SQLite file.
    pub(crate) fn database(&self) -> Database {
        Database::choose(self.database.as_deref(), &self.data)
    }

    /// A connection to the office's database, created and migrated if new.
    pub(crate) fn open(&self) -> canteen_office::Result<Conn> {
        if self.database.is_none() {
            std::fs::create_dir_all(&self.data)?;
        }
        self.database().connect()
    }
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// Register a kiosk: print an enrolment code for `canteen enroll` (shown
    /// only once), or with --device-id its token (shown only once).
    Add {
        #[arg(long)]
        name: String,
        /// Manual set-up: the kiosk's own device id (`canteen status` shows
        /// it); prints a token for `sync.toml` instead of an enrolment code.
        #[arg(long)]
        device_id: Option<String>,
        /// The canteen the kiosk stands in (reports group by it); default the name.
        #[arg(long)]
        canteen: Option<String>,
        /// The operator running the canteen (partner report); default the canteen.
        #[arg(long)]
        operator: Option<String>,
        /// How long the enrolment code is valid, in hours.
        #[arg(long, default_value_t = enrol::DEFAULT_VALID_HOURS,
              value_parser = clap::value_parser!(u32).range(1..=8760),
              conflicts_with = "device_id")]
        expires_hours: u32,
        #[command(flatten)]
        data: Data,
    },
    /// List kiosks and waiting codes, one JSON object a line (never a token or
    /// a code), with each kiosk's last report (pending, bundle_version) and alerts.
    List {
        #[command(flatten)]
        data: Data,
    },
}

#[derive(Debug, Subcommand)]
enum CardCommand {
    /// Sign a meal card and write its QR code as a PNG.
    Issue {
        /// The resident's meal-card number (6–20 digits), as in the registry.
        #[arg(long)]
        resident: String,
        /// The holder's birth date (YYYY-MM-DD), carried in the signed QR: a
        /// kiosk keeps no birth date, so without it the holder is priced with
        /// no age (their categories still apply).
        #[arg(long)]
        born: Option<String>,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        data: Data,
    },
    /// Write an A4 printable sheet (HTML) of meal cards: QR, masked name, card
    /// number, cut marks; the cards are then marked printed.
    Sheet {
        /// A meal-card number to print (repeat for more).
        #[arg(long, required_unless_present = "all_new", conflicts_with = "all_new")]
        resident: Vec<String>,
        /// Every registered card never printed before.
        #[arg(long)]
        all_new: bool,
        #[arg(long)]
        out: PathBuf,
        /// zh or en.
        #[arg(long, default_value = "zh", value_parser = export_cmd::parse_lang)]
        lang: Lang,
        #[command(flatten)]
        data: Data,
    },
}

#[derive(Debug, clap::Args)]
struct Range {
    #[arg(long)]
    from: NaiveDate,
    #[arg(long)]
    to: NaiveDate,
    /// Write here instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    data: Data,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Machine CSV: English ids, fen.
    Csv,
    /// Workbook for Excel: Chinese headers, yuan, totals, the meal list.
    Xlsx,
    /// CSV for Excel on Chinese Windows: byte-order mark, Chinese headers, yuan, totals.
    ExcelCsv,
    /// The printable claim page with signature and stamp boxes.
    Html,
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// The subsidy claim per canteen, day, period, tier and category (CSV or XLSX).
    Subsidy {
        #[command(flatten)]
        range: Range,
        /// `xlsx` adds a sheet listing each meal (needs --out).
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Headers and labels of xlsx, excel-csv and html: zh or en.
        #[arg(long, default_value = "zh", value_parser = export_cmd::parse_lang)]
        lang: Lang,
    },
    /// Revenue per canteen operator (CSV).
    Partner(Range),
    /// Sales kept but not re-derivable, with the reason (CSV): in no claim.
    Quarantine(Range),
    /// Anomalies: one resident at two canteens in one meal period (CSV).
    Anomalies(Range),
    /// The claim's meals with full ID numbers and names (CSV, needs --out and
    /// --by): opens the sealed registry, recorded in the audit log.
    ClaimIds {
        #[command(flatten)]
        range: Range,
        /// Who runs the export (written to the audit log).
        #[arg(long)]
        by: String,
        #[command(flatten)]
        seal: Seal,
    },
    /// Delivered meals per route in a month: delivered, not, fees (CSV).
    Delivery(delivery_cmd::ReportArgs),
    /// Missing ranges, chain breaks and conflicts per device (CSV).
    Gaps {
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        data: Data,
    },
}

fn main() -> ExitCode {
    install_panic_hook();
    canteen_cli::logs::init();
    let run = || match Cli::try_parse() {
        Ok(cli) => match run(cli.command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let (code, message, status) = classify(&e);
                emit(&code, &message, status)
            }
        },
        Err(e) => usage(&e),
    };
    canteen_cli::catch_panic(run)
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve {
            listen,
            data,
            tls_cert,
            tls_key,
            clock_skew_minutes,
            seal,
        } => {
            let listener = std::net::TcpListener::bind(&listen)
                .with_context(|| format!("cannot listen on {listen}"))?;
            let addr = listener.local_addr()?;
            let settings = server::Settings {
                max_clock_skew: chrono::Duration::minutes(clock_skew_minutes.into()),
                seal_key: seal.seal_key,
                database: data.database,
                ..server::Settings::default()
            };
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(tls::acceptor(&cert, &key)?),
                _ => None,
            };
            let scheme = if tls.is_some() { "https" } else { "http" };
            // The line ends with the URL: tests and scripts read it from there.
            tracing::info!("canteen-office listening on {scheme}://{addr}");
            server::serve_with(listener, &data.data, settings, tls)?;
        }
        Command::Device(DeviceCommand::Add {
            name,
            device_id,
            canteen,
            operator,
            expires_hours,
            data,
        }) => {
            let mut conn = data.open()?;
            let canteen = canteen.unwrap_or_else(|| name.clone());
            let operator = operator.unwrap_or_else(|| canteen.clone());
            let now = chrono::Utc::now();
            let what = format!("device add {name} ({canteen})");
            if device_id.is_some() {
                let new = devices::NewDevice {
                    device_id: device_id.as_deref(),
                    name: &name,
                    canteen: &canteen,
                    operator: &operator,
                };
                let registered = devices::add(&mut conn, &new, &now.to_rfc3339())?;
                audit::record(&mut conn, &now.to_rfc3339(), audit::CONSOLE, &what, 1)?;
                writeln!(std::io::stdout(), "{}", serde_json::to_string(&registered)?)?;
            } else {
                // The community secret exists before the first kiosk enrols.
                keys::community_secret(&data.data)?;
                let who = enrol::Pending {
                    name: &name,
                    canteen: &canteen,
                    operator: &operator,
                };
                let valid = chrono::Duration::hours(i64::from(expires_hours));
                let issued = enrol::issue(&mut conn, &who, now, valid)?;
                audit::record(&mut conn, &now.to_rfc3339(), audit::CONSOLE, &what, 1)?;
                writeln!(std::io::stdout(), "{}", serde_json::to_string(&issued)?)?;
            }
        }
        Command::Device(DeviceCommand::List { data }) => {
            let mut conn = data.open()?;
            for device in device_status::listing(&mut conn, chrono::Utc::now())? {
                writeln!(std::io::stdout(), "{}", serde_json::to_string(&device)?)?;
            }
        }
        Command::Key { data } => {
            let key = keys::load_or_create(&data.data)?;
            canteen_cli::print_json(&serde_json::json!({ "public_key": key.public_hex() }));
        }
        Command::Card(CardCommand::Issue {
            resident,
            born,
            out,
            data,
        }) => {
            if !(6..=20).contains(&resident.len()) || !resident.bytes().all(|b| b.is_ascii_digit())
            {
                anyhow::bail!(OfficeError::BadRequest {
                    code: "bad_card_no",
                    status: 400,
                    message: "a meal-card number is 6–20 digits".into(),
                });
            }
            let born = match born.as_deref().map(|b| b.parse::<chrono::NaiveDate>()) {
                // The registry's birth date, when the card is registered
                // there; a store that cannot be read is an error, not "none".
                None => registry::card_by_number(&mut data.open()?, &resident)?
                    .and_then(|card| card.born),
                Some(Ok(d)) => Some(d),
                Some(Err(_)) => anyhow::bail!(OfficeError::BadRequest {
                    code: "bad_born",
                    status: 400,
                    message: "--born is the holder's birth date as YYYY-MM-DD, e.g. 1941-03-01"
                        .into(),
                }),
            };
            let qr = keys::load_or_create(&data.data)?.holder_card_qr_text(&resident, born);
            card_png::write(&qr, &out)
                .with_context(|| format!("cannot write the card to {}", out.display()))?;
            canteen_cli::print_json(
                &serde_json::json!({ "card_no": resident, "png": out, "with_birth_date": born.is_some() }),
            );
        }
        Command::Card(CardCommand::Sheet {
            resident,
            all_new,
            out,
            lang,
            data,
        }) => export_cmd::card_sheet(&data, &resident, all_new, &out, lang)?,
        Command::Bundle(cmd) => bundle_cmd::run(cmd)?,
        Command::Report(ReportCommand::Subsidy {
            range: r,
            format,
            lang,
        }) => {
            let file = match format {
                Format::Csv => {
                    let rows = report::subsidy(&mut r.data.open()?, dates(&r))?;
                    return export_cmd::write_csv(r.out.as_deref(), &rows);
                }
                Format::Xlsx => export_cmd::ClaimFile::Xlsx,
                Format::ExcelCsv => export_cmd::ClaimFile::ExcelCsv,
                Format::Html => export_cmd::ClaimFile::Html,
            };
            export_cmd::subsidy(&r.data, dates(&r), file, r.out.as_deref(), lang)?;
        }
        Command::Report(ReportCommand::Partner(r)) => {
            let rows = report::partner(&mut r.data.open()?, dates(&r))?;
            export_cmd::write_csv(r.out.as_deref(), &rows)?;
        }
        Command::Report(ReportCommand::Quarantine(r)) => {
            let rows = report::quarantine(&mut r.data.open()?, dates(&r))?;
            export_cmd::write_csv(r.out.as_deref(), &rows)?;
        }
        Command::Residents(ResidentsCommand::Import { file, data, seal }) => {
            let imported = export_cmd::import_registry_file(&data, &seal, &file)?;
            canteen_cli::print_json(&serde_json::json!({ "imported": imported }));
        }
        Command::Residents(ResidentsCommand::Delivery(cmd)) => delivery_cmd::run(cmd)?,
        Command::Report(ReportCommand::Delivery(args)) => delivery_cmd::report(args)?,
        Command::Report(ReportCommand::ClaimIds { range: r, by, seal }) => {
            let Some(out) = r.out.as_deref() else {
                anyhow::bail!(OfficeError::BadRequest {
                    code: "missing_out",
                    status: 400,
                    message: "the claim with full ID numbers goes to a file only: --out FILE.csv"
                        .into(),
                });
            };
            let mut conn = r.data.open()?;
            let key = seal.open(&r.data.data, &mut conn, false)?;
            let now = chrono::Utc::now().to_rfc3339();
            let rows = report::claim_ids(&mut conn, &key, dates(&r), &by, &now)?;
            export_cmd::write_csv(Some(out), &rows)?;
            canteen_cli::print_json(
                &serde_json::json!({ "rows": rows.len(), "out": out, "audited": true }),
            );
        }
        Command::User(command) => user_cmd::run(command)?,
        Command::Screenshots {
            out,
            lang,
            now,
            data,
        } => screenshots::run(&data, &out, lang, now.map(|t| t.to_utc()))?,
        Command::Audit(AuditCommand::List { data }) => {
            for entry in audit::list(&mut data.open()?)? {
                writeln!(std::io::stdout(), "{}", serde_json::to_string(&entry)?)?;
            }
        }
        Command::Report(ReportCommand::Anomalies(r)) => {
            let rows = report::anomalies(&mut r.data.open()?, dates(&r))?;
            export_cmd::write_csv(r.out.as_deref(), &rows)?;
        }
        Command::Report(ReportCommand::Gaps { out, data }) => {
            let rows = report::gaps(&mut data.open()?)?;
            export_cmd::write_csv(out.as_deref(), &rows)?;
        }
        Command::Partner(cmd) => fund_cmd::partner(cmd)?,
        Command::Fund(cmd) => fund_cmd::fund(cmd)?,
        Command::Database(cmd) => database_cmd::run(cmd)?,
        Command::Menu(cmd) => menu_cmd::run(cmd)?,
    }
    Ok(())
}

fn dates(r: &Range) -> Dates {
    Dates {
        from: r.from,
        to: r.to,
    }
}
