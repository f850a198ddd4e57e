//! `coachdesk export`: write stored records of a resource (after a sync) to CSV, XLSX or JSON.

use crate::error::WorkerError;
use crate::resource::Resource;
use crate::store::Store;
use chrono::NaiveDateTime;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `coachdesk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub(crate) connection: super::connection::ConnectionArgs,
    /// The resource, e.g. Aanvragen.
    #[arg(long)]
    pub resource: String,
    /// First day of the change range (YYYY-MM-DD); all stored records when left out.
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// Columns (dotted paths), comma-separated; default: the resource's default columns.
    #[arg(long, value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Output file; the format follows the extension (.csv, .xlsx, .json).
    #[arg(long)]
    pub out: PathBuf,
    /// Header row with the field paths (e.g. aanvraagStatusId), for integrators, instead of
    /// the readable column names.
    #[arg(long)]
    pub field_paths: bool,
}

/// Reads the records changed in `[from, to)` from `store` and writes them to `out`.
/// Returns the number of rows written.
pub fn export_from_store(
    store: &Store,
    resource: Resource,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    columns: &[String],
    out: &Path,
) -> Result<usize, WorkerError> {
    export_from_store_with(store, resource, from, to, columns, out, false)
}

/// [`export_from_store`] choosing the header row: readable labels, or the field paths.
pub fn export_from_store_with(
    store: &Store,
    resource: Resource,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    columns: &[String],
    out: &Path,
    field_paths: bool,
) -> Result<usize, WorkerError> {
    // The records stay JSON text (as stored) and are parsed one at a time while writing.
    let texts = store.record_texts(resource, from, to)?;
    write(resource, &texts, columns, out, field_paths)
}

fn write(
    resource: Resource,
    texts: &[std::sync::Arc<str>],
    columns: &[String],
    out: &Path,
    field_paths: bool,
) -> Result<usize, WorkerError> {
    use crate::export::{ExportFormat, ExportOptions, export_texts};
    let format = ExportFormat::from_path(out).ok_or_else(|| {
        WorkerError::Input(format!(
            "{}: use a .csv, .xlsx or .json file name",
            out.display()
        ))
    })?;
    let columns = if columns.is_empty() {
        let sample: Vec<serde_json::Value> = texts
            .iter()
            .take(100)
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect();
        crate::record::default_columns_for(resource, &sample)
    } else {
        columns
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let opts = ExportOptions {
        columns,
        decimal_comma: false,
        field_paths,
        lang: crate::i18n::current(),
    };
    let mut last = crate::clock::Clock::system().instant();
    let mut progress = |done: usize, total: usize| {
        if crate::clock::Clock::system().since(last) >= std::time::Duration::from_secs(1) {
            last = crate::clock::Clock::system().instant();
            eprintln!("exported {done}/{total}");
        }
    };
    let summary = export_texts(
        format,
        out,
        texts,
        &opts,
        &mut progress,
        &crate::cancel::Cancel::new(),
    )?;
    Ok(summary.rows)
}

/// Runs `coachdesk export`.
pub fn run(args: ExportArgs) -> ExitCode {
    let result = (|| -> Result<usize, WorkerError> {
        let resource = Resource::parse(&args.resource)
            .ok_or_else(|| WorkerError::Input(format!("unknown resource '{}'", args.resource)))?;
        let (from, to) = match (&args.from, &args.to) {
            (Some(f), Some(t)) => {
                let (a, b) = super::days::day_range(f, t)?;
                (Some(a), Some(b))
            }
            _ => (None, None),
        };
        let Some(store) = args.connection.folder().open_existing_store()? else {
            return Err(WorkerError::Input(format!(
                "no records stored for {} (client {}): run `coachdesk sync` first",
                args.connection.base_url, args.connection.client_id
            )));
        };
        export_from_store_with(
            &store,
            resource,
            from,
            to,
            &args.columns,
            &args.out,
            args.field_paths,
        )
    })();
    match result {
        Ok(rows) => {
            let file = args.out.display().to_string();
            println!("rows={rows} file={}", super::text::field(&file));
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e, crate::i18n::Lang::En),
    }
}
