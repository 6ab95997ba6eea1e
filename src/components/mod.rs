//! Reusable view pieces.

mod alert;
mod top_bar;

pub use alert::Alert;
pub use top_bar::TopBar;
