//! `canteen-office bundle issue`: signs a bundle of the given files (the
//! residents imported into the office's registry first; a menu and pricing
//! shared or, with `--canteen`, one canteen's own, carried with every
//! canteen's own in force) and stores it for the kiosks to pull.

use std::path::PathBuf;

use anyhow::Context;
use canteen_office::keys;
use canteen_office::store::{audit, bundles};
use canteen_sync::signing::{Bundle, KeyedResidents};
use clap::Subcommand;

use crate::{Data, Seal, export_cmd};

#[derive(Debug, Subcommand)]
pub(crate) enum BundleCommand {
    /// Sign a bundle of the given files, store it for the kiosks to pull, and
    /// optionally write it as JSON.
    Issue {
        /// Higher than every bundle issued before.
        #[arg(long)]
        version: u64,
        #[arg(long)]
        residents: Option<PathBuf>,
        #[arg(long)]
        menu: Option<PathBuf>,
        #[arg(long)]
        pricing: Option<PathBuf>,
        /// The menu (and pricing) are this canteen's own (the name its kiosks
        /// were registered under); the shared ones stay as issued before.
        /// Without `--pricing` the canteen keeps the pricing it runs.
        #[arg(long, requires = "menu")]
        canteen: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        seal: Seal,
    },
}

/// Runs a `bundle` command.
pub(crate) fn run(cmd: BundleCommand) -> anyhow::Result<()> {
    let BundleCommand::Issue {
        version,
        residents,
        menu,
        pricing,
        canteen,
        out,
        data,
        seal,
    } = cmd;
    let read = |p: Option<PathBuf>| {
        p.map(|p| {
            std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
        })
        .transpose()
    };
    let residents = match residents {
        Some(file) => Some(KeyedResidents {
            key_fingerprint: keys::community_secret(&data.data)?.fingerprint(),
            rows: export_cmd::import_registry(
                &data,
                &seal,
                export_cmd::read_registry(&data, &file)?,
            )?,
        }),
        None => None,
    };
    let rules = canteen_office::publish::rules_files(
        &mut data.open()?,
        canteen.as_deref(),
        read(menu)?,
        read(pricing)?,
    )?;
    let bundle = Bundle {
        version,
        issued_at: chrono::Utc::now().to_rfc3339(),
        residents,
        menu_toml: rules.menu_toml,
        pricing_toml: rules.pricing_toml,
        canteen_rules: rules.canteen_rules,
        dishes: None,
    };
    let signed = keys::load_or_create(&data.data)?.sign_bundle(&bundle);
    let mut conn = data.open()?;
    bundles::put(&mut conn, version, &signed, &bundle.issued_at)?;
    let residents = bundle.residents.as_ref().map_or(0, |r| r.rows.len());
    audit::record(
        &mut conn,
        &bundle.issued_at,
        audit::CONSOLE,
        &format!("bundle {version} issued"),
        residents as u64,
    )?;
    if let Some(out) = &out {
        std::fs::write(out, serde_json::to_vec_pretty(&signed)?)?;
    }
    canteen_cli::print_json(&serde_json::json!({ "version": version, "out": out }));
    Ok(())
}
