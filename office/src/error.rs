//! What can go wrong in the office, as short display-ready messages, and the
//! HTTP status and JSON body (`{"error","message"}`) each becomes.

use canteen_sync::wire::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error(
        "missing or unknown device token; send `Authorization: Bearer <token>` as issued by `device add`"
    )]
    Unauthorized,
    #[error(
        "this token belongs to another device id than the one in the request: a device may read and write only its own records. Enrol the kiosk with `canteen enroll` (or register the id `canteen status` shows with `canteen-office device add --device-id`)"
    )]
    Forbidden,
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        status: u16,
        message: String,
    },
    #[error(
        "record {seq} is already held with a different hash; the device's journal differs from what it sent before (alert recorded)"
    )]
    Conflict { seq: u64 },
    #[error("the chain breaks at record {seq}: {reason} (alert recorded)")]
    ChainBreak { seq: u64, reason: String },
    #[error("device `{0}` is already registered")]
    DeviceExists(String),
    #[error("office database error: {0}")]
    Store(String),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for OfficeError {
    fn from(e: rusqlite::Error) -> Self {
        OfficeError::Store(e.to_string())
    }
}

impl From<canteen_sqlite::Error> for OfficeError {
    fn from(e: canteen_sqlite::Error) -> Self {
        match e {
            canteen_sqlite::Error::Sqlite(e) => e.into(),
            canteen_sqlite::Error::NewerSchema { found, supported } => OfficeError::Store(format!(
                "the office database has schema {found}, newer than this program ({supported}); install the newer program"
            )),
            other => OfficeError::Store(other.to_string()),
        }
    }
}

impl From<canteen_sync::validate::BatchRefusal> for OfficeError {
    fn from(r: canteen_sync::validate::BatchRefusal) -> Self {
        match r.code {
            "forbidden" => OfficeError::Forbidden,
            code => OfficeError::BadRequest {
                code,
                status: r.status,
                message: r.message,
            },
        }
    }
}

impl OfficeError {
    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        match self {
            OfficeError::Unauthorized => 401,
            OfficeError::Forbidden => 403,
            OfficeError::BadRequest { status, .. } => *status,
            OfficeError::Conflict { .. } | OfficeError::DeviceExists(_) => 409,
            OfficeError::ChainBreak { .. } => 422,
            OfficeError::Store(_) | OfficeError::Io(_) => 500,
        }
    }

    /// The JSON error body.
    pub fn body(&self) -> ErrorBody {
        let (error, first_bad_seq) = match self {
            OfficeError::Unauthorized => ("unauthorized", None),
            OfficeError::Forbidden => ("forbidden", None),
            OfficeError::BadRequest { code, .. } => (*code, None),
            OfficeError::Conflict { seq } => ("conflict", Some(*seq)),
            OfficeError::ChainBreak { seq, .. } => ("chain_break", Some(*seq)),
            OfficeError::DeviceExists(_) => ("device_exists", None),
            OfficeError::Store(_) | OfficeError::Io(_) => ("internal", None),
        };
        ErrorBody {
            error: error.into(),
            message: self.to_string(),
            first_bad_seq,
        }
    }
}

impl OfficeError {
    /// The JSON body a client may see. An internal error's details (SQL text,
    /// file paths) are logged under a fresh request id and only the id is
    /// sent, so the office's insides never reach a client.
    pub fn public_body(&self) -> ErrorBody {
        match self {
            OfficeError::Store(_) | OfficeError::Io(_) => {
                let mut id = [0u8; 6];
                let _ = getrandom::fill(&mut id);
                let id = hex::encode(id);
                tracing::error!(request_id = %id, "request failed: {self}");
                ErrorBody {
                    error: "internal".into(),
                    message: format!(
                        "the office could not complete the request (request id {id}); the kiosk retries by itself, and the office's log has the details under that id"
                    ),
                    first_bad_seq: None,
                }
            }
            _ => self.body(),
        }
    }
}

pub type Result<T, E = OfficeError> = std::result::Result<T, E>;
