//! One module per screen.

mod overview;
mod sign_in;

pub use overview::OverviewPage;
pub use sign_in::SignInPage;
