//! A workspace's data residency and tags: shown on its page, and set when it is created or
//! edited (one set of fields for both).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::{
    AllowedInferenceGeos, DataResidency, DataResidencyChoice, GeoChoice, InferenceGeo, Label, WireName, Workspace,
};
use crate::components::Choice;

/// The word for inference that may run anywhere.
const UNRESTRICTED: &str = AllowedInferenceGeos::UNRESTRICTED;
/// Longest tag key and value (the reference server's limits; the server has the last word).
const MAX_TAG_KEY: usize = 64;
const MAX_TAG_VALUE: usize = 256;

/// What a form holds of a workspace's settings, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsDraft {
    /// `unrestricted`, or the allowed geos' wire names joined by commas (`us`, `us,global`).
    pub allowed: String,
    /// The default geo's wire name.
    pub default_geo: String,
    /// Tag rows in the order shown; empty rows are ignored.
    pub tags: Vec<(String, String)>,
}

impl Default for SettingsDraft {
    /// A new workspace's: inference anywhere, global by default, no tags.
    fn default() -> Self {
        Self::of(&DataResidency::default(), &BTreeMap::new())
    }
}

impl SettingsDraft {
    /// The draft that shows a workspace's current settings.
    pub fn of(residency: &DataResidency, tags: &BTreeMap<String, String>) -> Self {
        SettingsDraft {
            allowed: allowed_value(&residency.allowed_inference_geos),
            default_geo: residency.default_inference_geo.as_str().to_owned(),
            tags: tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }

    /// The draft of a workspace as it came (a server without data residency: the defaults).
    pub fn of_workspace(workspace: &Workspace) -> Self {
        Self::of(&workspace.data_residency.clone().unwrap_or_default(), &workspace.tags)
    }

    /// The geos inference may run in, or `None` for anywhere.
    fn allowed_geos(&self) -> Option<Vec<InferenceGeo>> {
        (self.allowed != UNRESTRICTED).then(|| self.allowed.split(',').map(InferenceGeo::from_wire).collect())
    }

    /// The geos the default may be: the allowed ones, or every known geo when unrestricted.
    pub fn default_choices(&self) -> Vec<InferenceGeo> {
        self.allowed_geos().unwrap_or_else(|| InferenceGeo::ALL.to_vec())
    }

    /// The tags typed (rows with an empty key and value dropped), or why they cannot be saved.
    pub fn checked_tags(&self) -> Result<BTreeMap<String, String>, String> {
        let mut tags = BTreeMap::new();
        for (key, value) in &self.tags {
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() && value.is_empty() {
                continue;
            }
            if key.is_empty() {
                return Err(format!("The tag with the value “{value}” needs a key."));
            }
            if key.to_ascii_lowercase().starts_with("anthropic") {
                return Err(format!(
                    "The tag key “{key}” is reserved: tag keys must not start with “anthropic”."
                ));
            }
            if key.chars().count() > MAX_TAG_KEY || value.chars().count() > MAX_TAG_VALUE {
                return Err(format!(
                    "The tag “{key}” is too long: keys have at most {MAX_TAG_KEY} characters, values {MAX_TAG_VALUE}."
                ));
            }
            if tags.insert(key.to_owned(), value.to_owned()).is_some() {
                return Err(format!("The tag key “{key}” is there twice."));
            }
        }
        Ok(tags)
    }

    /// The `data_residency` to send (never `workspace_geo`, which the server fixes), or why the
    /// default geo is not allowed.
    pub fn residency_choice(&self) -> Result<DataResidencyChoice, String> {
        let default = InferenceGeo::from_wire(&self.default_geo);
        if !self.default_choices().contains(&default) {
            return Err(format!(
                "The default inference region ({}) must be one the workspace allows.",
                default.label()
            ));
        }
        let allowed = match self.allowed_geos() {
            None => GeoChoice::Word(UNRESTRICTED.to_owned()),
            Some(geos) => GeoChoice::List(geos.iter().map(|geo| geo.as_str().to_owned()).collect()),
        };
        Ok(DataResidencyChoice {
            workspace_geo: None,
            allowed_inference_geos: Some(allowed),
            default_inference_geo: Some(self.default_geo.clone()),
        })
    }

    /// The tags of an update from `before`: the changed and new ones, and `None` for each removed.
    pub fn tag_changes(&self, before: &BTreeMap<String, String>) -> Result<BTreeMap<String, Option<String>>, String> {
        let after = self.checked_tags()?;
        let mut changes: BTreeMap<String, Option<String>> = before
            .keys()
            .filter(|key| !after.contains_key(*key))
            .map(|key| (key.clone(), None))
            .collect();
        for (key, value) in after {
            if before.get(&key) != Some(&value) {
                changes.insert(key, Some(value));
            }
        }
        Ok(changes)
    }
}

/// The choice value of allowed geos.
fn allowed_value(geos: &AllowedInferenceGeos) -> String {
    match geos {
        AllowedInferenceGeos::Only(geos) => geos.iter().map(|geo| geo.as_str()).collect::<Vec<_>>().join(","),
        _ => UNRESTRICTED.to_owned(),
    }
}

/// "Anywhere", "United States only", "United States or Global".
fn allowed_label(geos: &AllowedInferenceGeos) -> String {
    match geos {
        AllowedInferenceGeos::Only(geos) if geos.len() == 1 => format!("{} only", geos[0].label()),
        AllowedInferenceGeos::Only(geos) => geos.iter().map(|geo| geo.label()).collect::<Vec<_>>().join(" or "),
        AllowedInferenceGeos::Unrestricted => "Anywhere".to_owned(),
        AllowedInferenceGeos::Unknown => "Not known to this console".to_owned(),
    }
}

/// A workspace's data residency and tags, read-only.
#[component]
pub fn WorkspaceSettingsSummary(workspace: Workspace) -> impl IntoView {
    let residency = workspace.data_residency.clone();
    let tags = workspace.tags.clone();
    view! {
        <dl class="workspace-settings">
            {residency
                .map(|residency| {
                    view! {
                        <dt>"Data stored in"</dt>
                        <dd>{residency.workspace_geo.label()}</dd>
                        <dt>"Inference may run"</dt>
                        <dd>{allowed_label(&residency.allowed_inference_geos)}</dd>
                        <dt>"Default inference region"</dt>
                        <dd>{residency.default_inference_geo.label()}</dd>
                    }
                })}
            <dt>"Tags"</dt>
            <dd>
                {if tags.is_empty() {
                    view! { <span class="hint">"None"</span> }.into_any()
                } else {
                    view! {
                        <ul class="tags">
                            {tags
                                .into_iter()
                                .map(|(key, value)| view! { <li class="tag"><code>{key}</code> ": " {value}</li> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </dd>
        </dl>
    }
}

/// The fields of a workspace's data residency and tags, editing `draft`.
#[component]
pub fn WorkspaceSettingsFields(draft: RwSignal<SettingsDraft>, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let mut allowed_choices: Vec<(String, String)> = [
        AllowedInferenceGeos::Unrestricted,
        AllowedInferenceGeos::Only(vec![InferenceGeo::Us]),
        AllowedInferenceGeos::Only(vec![InferenceGeo::Global]),
        AllowedInferenceGeos::Only(vec![InferenceGeo::Us, InferenceGeo::Global]),
    ]
    .iter()
    .map(|geos| (allowed_value(geos), allowed_label(geos)))
    .collect();
    // A workspace may come with a choice not listed (geos in another order, or unknown ones).
    let current = draft.with_untracked(|d| d.allowed.clone());
    if !allowed_choices.iter().any(|(value, _)| *value == current) {
        allowed_choices.push((current.clone(), current.replace(',', ", ")));
    }
    let set_allowed = Callback::new(move |allowed: String| {
        draft.update(|d| {
            d.allowed = allowed;
            // A default that is no longer allowed becomes the first allowed geo.
            let choices = d.default_choices();
            if !choices.contains(&InferenceGeo::from_wire(&d.default_geo)) {
                d.default_geo = choices[0].as_str().to_owned();
            }
        })
    });
    let default_field = move || {
        let choices = draft
            .with(SettingsDraft::default_choices)
            .into_iter()
            .map(|geo| (geo.as_str().to_owned(), geo.label().to_owned()))
            .collect();
        view! {
            <Choice
                label="Default inference region".to_owned()
                choices
                selected=Signal::derive(move || draft.with(|d| d.default_geo.clone()))
                disabled
                on_change=Callback::new(move |geo| draft.update(|d| d.default_geo = geo))
            />
        }
    };
    // Rows are drawn again only when one is added or removed, so typing keeps the focus.
    let count = Memo::new(move |_| draft.with(|d| d.tags.len()));
    // One tag's key (`key`) or value, as a text box.
    let tag_input = move |index: usize, key: bool| {
        let part = if key { "key" } else { "value" };
        view! {
            <input
                type="text"
                aria-label=format!("Tag {} {part}", index + 1)
                placeholder=part
                autocomplete="off"
                disabled=disabled
                prop:value=move || {
                    draft.with(|d| d.tags.get(index).map(|t| if key { t.0.clone() } else { t.1.clone() }).unwrap_or_default())
                }
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.update(|d| {
                        if let Some(tag) = d.tags.get_mut(index) {
                            *if key { &mut tag.0 } else { &mut tag.1 } = text;
                        }
                    })
                }
            />
        }
    };
    let tag_rows = move || {
        (0..count.get())
            .map(|index| {
                view! {
                    <li class="tag-row">
                        {tag_input(index, true)}
                        {tag_input(index, false)}
                        <button
                            type="button"
                            class="secondary"
                            aria-label=format!("Remove tag {}", index + 1)
                            disabled=disabled
                            on:click=move |_| {
                                draft.update(|d| {
                                    if index < d.tags.len() {
                                        d.tags.remove(index);
                                    }
                                })
                            }
                        >
                            "Remove"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="workspace-settings-fields">
            <legend>"Data residency"</legend>
            <p class="hint">"Data is stored in the United States; where inference may run can be limited."</p>
            <Choice
                label="Inference may run".to_owned()
                choices=allowed_choices
                selected=Signal::derive(move || draft.with(|d| d.allowed.clone()))
                disabled
                on_change=set_allowed
            />
            {default_field}
        </fieldset>
        <fieldset class="workspace-settings-fields">
            <legend>"Tags"</legend>
            <ul class="tag-rows">{tag_rows}</ul>
            <button
                type="button"
                class="secondary"
                disabled=disabled
                on:click=move |_| draft.update(|d| d.tags.push((String::new(), String::new())))
            >
                "Add tag"
            </button>
        </fieldset>
    }
}
