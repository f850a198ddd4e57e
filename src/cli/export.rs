//! `coachdesk export`: write stored records of a resource (after a sync) to CSV, XLSX or JSON.

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
    pub connection: super::connection::ConnectionArgs,
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
) -> Result<usize, String> {
    let records = store
        .records(resource, from, to)
        .map_err(|e| e.to_string())?;
    write(resource, &records, columns, out)
}

fn write(
    _resource: Resource,
    _records: &[serde_json::Value],
    _columns: &[String],
    out: &Path,
) -> Result<usize, String> {
    Err(format!(
        "export to {} is not available in this build yet",
        out.display()
    ))
}

/// Runs `coachdesk export`.
pub fn run(args: ExportArgs) -> ExitCode {
    let result = (|| -> Result<usize, String> {
        let resource = Resource::parse(&args.resource)
            .ok_or_else(|| format!("unknown resource '{}'", args.resource))?;
        let (from, to) = match (&args.from, &args.to) {
            (Some(f), Some(t)) => {
                let (a, b) = super::sync::day_range(f, t)?;
                (Some(a), Some(b))
            }
            _ => (None, None),
        };
        let path = args.connection.dir().join(crate::store::FILE_NAME);
        if !path.exists() {
            return Err(format!(
                "no records stored for {} (client {}): run `coachdesk sync` first",
                args.connection.base_url, args.connection.client_id
            ));
        }
        let store = Store::open(&path).map_err(|e| e.to_string())?;
        export_from_store(&store, resource, from, to, &args.columns, &args.out)
    })();
    match result {
        Ok(rows) => {
            println!("rows={rows} file={}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
