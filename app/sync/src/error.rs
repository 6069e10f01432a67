//! What can go wrong while syncing, as short display-ready messages.

use crate::wire::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The office could not be reached or the connection broke; try again later.
    #[error("the office could not be reached ({0}); the sales stay queued and sync retries later")]
    Network(String),
    /// The office answered with something that is not the protocol.
    #[error("the office sent an unreadable answer ({0}); check the office URL")]
    BadResponse(String),
    /// The office refused the request (bad token, conflict, chain break …).
    #[error("the office refused the request: {} ({})", .body.message, .body.error)]
    Refused { status: u16, body: ErrorBody },
    /// The office holds a different record than this journal at `seq`.
    #[error(
        "the office holds a different record {seq} than this journal (a restored or altered database?); call the community office"
    )]
    Diverged { seq: u64 },
    /// The local journal could not be read.
    #[error("the local journal could not be read: {0}")]
    Source(String),
}

impl SyncError {
    /// Whether retrying the same request later may succeed (the network, or an
    /// office that is busy or restarting), as opposed to a refusal that needs a person.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Network(_) | SyncError::BadResponse(_) => true,
            SyncError::Refused { status, .. } => *status >= 500 || *status == 429,
            SyncError::Source(_) | SyncError::Diverged { .. } => false,
        }
    }
}
