//! The one price table of the server: what a token costs, per model, service tier, context
//! window and kind of token, in exact decimal cents. The cost report and the Claude Code
//! report's estimated costs both come from here, from the stored usage; no floating point is
//! involved anywhere in money.
//!
//! Prices are list prices in cents per million tokens; a token's price is that divided by a
//! million, which is exact in decimal, so a cost (tokens × price) is exact too, and a sum of
//! costs is the same whatever order or grouping it is added up in. Derived prices, as the public
//! price list has them: a cache read is a tenth of the input price, a 5-minute cache write
//! 1.25 times it, a 1-hour cache write twice it; the `batch` tier is half price; input beyond
//! 200k tokens of context (`200k-1M`, Sonnet only) costs twice the input price and 1.5 times the
//! output price. A web search is 1 cent ($10 per 1,000).

use admin_wire::{ContextWindow, Decimal, ServiceTier, TokenType};

/// One model's list prices, in cents per million tokens (standard tier, up to 200k of context).
pub struct ModelPrice {
    pub model: &'static str,
    /// As the cost report's descriptions name it.
    pub display_name: &'static str,
    pub input: i64,
    pub output: i64,
    /// Whether the model takes a context beyond 200k tokens (`200k-1M`).
    pub long_context: bool,
}

/// The models the demo uses, with their prices.
pub const MODELS: [ModelPrice; 4] = [
    ModelPrice {
        model: "claude-opus-4-5-20251101",
        display_name: "Claude Opus 4.5",
        input: 500,
        output: 2_500,
        long_context: false,
    },
    ModelPrice {
        model: "claude-sonnet-4-5-20250929",
        display_name: "Claude Sonnet 4.5",
        input: 300,
        output: 1_500,
        long_context: true,
    },
    ModelPrice {
        model: "claude-sonnet-4-20250514",
        display_name: "Claude Sonnet 4",
        input: 300,
        output: 1_500,
        long_context: true,
    },
    ModelPrice {
        model: "claude-haiku-4-5-20251001",
        display_name: "Claude Haiku 4.5",
        input: 100,
        output: 500,
        long_context: false,
    },
];

/// A web search request, in cents.
pub const WEB_SEARCH_CENTS: i64 = 1;

pub fn model(name: &str) -> Option<&'static ModelPrice> {
    MODELS.iter().find(|price| price.model == name)
}

/// The price of one token, in cents: `None` for a model the table does not have, or a tier or
/// context window it has no price for.
pub fn token_price(model_name: &str, tier: ServiceTier, window: ContextWindow, token: TokenType) -> Option<Decimal> {
    let price = model(model_name)?;
    // Cents per million tokens, times 100 (so that 1.25 and 0.1 stay integers): then / 10^8.
    let (input, output) = match window {
        ContextWindow::UpTo200k => (price.input * 100, price.output * 100),
        ContextWindow::From200kTo1M if price.long_context => (price.input * 200, price.output * 150),
        _ => return None,
    };
    let per_hundred_million = match token {
        TokenType::UncachedInputTokens => input,
        TokenType::OutputTokens => output,
        TokenType::CacheReadInputTokens => input / 10,
        TokenType::CacheCreationEphemeral5mInputTokens => input * 5 / 4,
        TokenType::CacheCreationEphemeral1hInputTokens => input * 2,
        TokenType::Unknown(_) => return None,
    };
    let tier_share = match tier {
        ServiceTier::Standard => Decimal::ONE,
        ServiceTier::Batch => Decimal::new(5, 1),
        _ => return None,
    };
    Some(Decimal::new(per_hundred_million, 8) * tier_share)
}

/// The cost report's description of a token line item, e.g. "Claude Sonnet 4.5 Usage - Input
/// Tokens, Cache Write (5m)"; batch and long-context items say so.
pub fn description(model_name: &str, tier: ServiceTier, window: ContextWindow, token: TokenType) -> String {
    let name = model(model_name).map_or(model_name, |price| price.display_name);
    let tier = if tier == ServiceTier::Batch { " Batch" } else { "" };
    let window = if window == ContextWindow::From200kTo1M {
        " Long Context"
    } else {
        ""
    };
    let token = match token {
        TokenType::UncachedInputTokens => "Input Tokens",
        TokenType::OutputTokens => "Output Tokens",
        TokenType::CacheReadInputTokens => "Input Tokens, Cache Read",
        TokenType::CacheCreationEphemeral5mInputTokens => "Input Tokens, Cache Write (5m)",
        TokenType::CacheCreationEphemeral1hInputTokens => "Input Tokens, Cache Write (1h)",
        TokenType::Unknown(name) => name,
    };
    format!("{name}{tier}{window} Usage - {token}")
}

/// The web search line item's description.
pub const WEB_SEARCH_DESCRIPTION: &str = "Web Search Usage";

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn cents(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn prices_are_the_list_prices_exactly() {
        let sonnet = "claude-sonnet-4-5-20250929";
        let price = |tier, window, token| token_price(sonnet, tier, window, token).unwrap();
        use ContextWindow::*;
        use ServiceTier::*;
        use TokenType::*;
        // $3 per million input tokens: 300 cents / 10^6 = 0.0003 cents a token.
        assert_eq!(price(Standard, UpTo200k, UncachedInputTokens), cents("0.0003"));
        assert_eq!(price(Standard, UpTo200k, OutputTokens), cents("0.0015"));
        assert_eq!(price(Standard, UpTo200k, CacheReadInputTokens), cents("0.00003"));
        assert_eq!(
            price(Standard, UpTo200k, CacheCreationEphemeral5mInputTokens),
            cents("0.000375")
        );
        assert_eq!(
            price(Standard, UpTo200k, CacheCreationEphemeral1hInputTokens),
            cents("0.0006")
        );
        assert_eq!(price(Batch, UpTo200k, UncachedInputTokens), cents("0.00015"));
        assert_eq!(price(Standard, From200kTo1M, UncachedInputTokens), cents("0.0006"));
        assert_eq!(price(Standard, From200kTo1M, OutputTokens), cents("0.00225"));
        assert_eq!(price(Batch, From200kTo1M, OutputTokens), cents("0.001125"));
        // A million output tokens of Haiku 4.5 is $5.
        let haiku = token_price("claude-haiku-4-5-20251001", Standard, UpTo200k, OutputTokens).unwrap();
        assert_eq!(haiku * Decimal::from(1_000_000), cents("500"));
        // What the table does not price.
        assert_eq!(
            token_price("claude-haiku-4-5-20251001", Standard, From200kTo1M, OutputTokens),
            None
        );
        assert_eq!(token_price("gpt-1", Standard, UpTo200k, OutputTokens), None);
        assert_eq!(token_price(sonnet, Priority, UpTo200k, OutputTokens), None);
        assert_eq!(
            description(sonnet, Batch, From200kTo1M, CacheCreationEphemeral1hInputTokens),
            "Claude Sonnet 4.5 Batch Long Context Usage - Input Tokens, Cache Write (1h)"
        );
    }
}
