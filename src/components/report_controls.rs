//! The settings of a report page, all kept in the URL: the date range (presets and a custom one),
//! the bucket width where the report has a choice, "Group by", and the filters, by name.

use super::Choice;
use crate::api::{BucketWidth, Label, WireName};
use crate::state::reports::{today_utc, DayRange, Preset, ReportSettings, MAX_MINUTE_DAYS};
use crate::state::url::use_url_query;
use leptos::prelude::*;

/// A filter's choices: the URL key it sets, its label, what "all" is called, and (value, name)
/// pairs (tracked: names arrive as their lists load).
#[derive(Clone)]
pub struct FilterChoices {
    pub key: &'static str,
    pub label: &'static str,
    pub all: &'static str,
    pub choices: Signal<Vec<(String, String)>>,
}

/// The range, width, grouping and filters of a report page.
#[component]
pub fn ReportControls(
    settings: Memo<ReportSettings>,
    /// The widths offered (the cost report has days only).
    widths: Vec<BucketWidth>,
    /// "Group by" choices: (wire name, label); "" is "Nothing".
    groups: Vec<(String, String)>,
    #[prop(optional)] filters: Vec<FilterChoices>,
) -> impl IntoView {
    let url = use_url_query();
    let preset = Signal::derive(move || settings.with(|s| s.preset.as_str().to_owned()));
    let on_preset = Callback::new(move |value: String| {
        if value == Preset::Custom.as_str() {
            // Start the custom range from the one shown, so that only what changes is typed.
            let shown = settings.with_untracked(|s| s.range.clone().ok());
            let range = shown.unwrap_or_else(|| DayRange::last_days(today_utc(), 30));
            url.set(&[
                ("range", vec![value]),
                ("from", vec![range.first.format("%Y-%m-%d").to_string()]),
                ("to", vec![range.last.format("%Y-%m-%d").to_string()]),
            ]);
        } else {
            url.set(&[("range", vec![value]), ("from", vec![]), ("to", vec![])]);
        }
    });
    let custom = move || {
        (settings.with(|s| s.preset) == Preset::Custom).then(|| {
            let day = move |label: &'static str, key: &'static str| {
                view! {
                    <label class="choice">
                        {label}
                        " "
                        <input
                            type="date"
                            prop:value=move || url.get(key).unwrap_or_default()
                            on:change=move |ev| url.set_one(key, Some(event_target_value(&ev)))
                        />
                    </label>
                }
            };
            view! {
                {day("From", "from")}
                {day("To", "to")}
            }
        })
    };
    let range_error = move || {
        settings
            .with(|s| s.range.clone().err())
            .map(|message| view! { <p class="field-error" role="alert">{message}</p> })
    };
    let width_choice = (widths.len() > 1).then(|| {
        let choices = Signal::derive(move || {
            let days = settings.with(|s| s.range.as_ref().map(|r| r.days()).unwrap_or(u64::MAX));
            widths
                .iter()
                .filter(|w| **w != BucketWidth::Minute || days <= MAX_MINUTE_DAYS)
                .map(|w| (w.as_str().to_owned(), w.label().to_owned()))
                .collect::<Vec<_>>()
        });
        let selected = Signal::derive(move || settings.with(|s| s.width.as_str().to_owned()));
        move || {
            view! {
                <Choice
                    label="Buckets".to_owned()
                    choices=choices.get()
                    selected
                    on_change=Callback::new(move |w| url.set_one("width", Some(w)))
                />
            }
        }
    });
    let group = Signal::derive(move || settings.with(|s| s.group.clone().unwrap_or_default()));
    let groups = std::iter::once((String::new(), "Nothing".to_owned()))
        .chain(groups)
        .collect::<Vec<_>>();
    let filters = filters
        .into_iter()
        .map(|filter| {
            let key = filter.key;
            let selected = Signal::derive(move || url.get_all(key).into_iter().next().unwrap_or_default());
            move || {
                let mut choices = vec![(String::new(), filter.all.to_owned())];
                choices.extend(filter.choices.get());
                // A filter from the URL whose name is not known (yet) is still shown, by its id.
                let chosen = selected.get();
                if !chosen.is_empty() && !choices.iter().any(|(value, _)| *value == chosen) {
                    choices.push((chosen.clone(), chosen));
                }
                view! {
                    <Choice
                        label=filter.label.to_owned()
                        choices
                        selected
                        on_change=Callback::new(move |value: String| {
                            url.set_one(key, Some(value).filter(|v| !v.is_empty()))
                        })
                    />
                }
            }
        })
        .collect_view();
    view! {
        <div class="toolbar report-controls" role="group" aria-label="Report settings">
            <Choice
                label="Range".to_owned()
                choices=Preset::ALL.map(|p| (p.as_str().to_owned(), p.label().to_owned())).to_vec()
                selected=preset
                on_change=on_preset
            />
            {custom}
            {width_choice}
            <Choice
                label="Group by".to_owned()
                choices=groups
                selected=group
                on_change=Callback::new(move |g: String| url.set_one("group", Some(g).filter(|g| !g.is_empty())))
            />
            {filters}
        </div>
        {range_error}
        <p class="hint">"Days and hours are UTC, as the Admin API counts them."</p>
    }
}

/// The Usage page's two reports: message usage and Claude Code usage, as links (`<A>` marks the
/// one shown with `aria-current`).
#[component]
pub fn ReportTabs() -> impl IntoView {
    use crate::state::url::{href, paths};
    use leptos_router::components::A;
    view! {
        <nav class="tabs" aria-label="Usage reports">
            <A href=href(paths::USAGE) exact=true>"Messages"</A>
            <A href=href(paths::CLAUDE_CODE) exact=true>"Claude Code"</A>
        </nav>
    }
}
