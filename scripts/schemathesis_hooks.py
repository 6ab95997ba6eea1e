"""Schemathesis hooks for scripts/test-schemathesis.sh (loaded through schemathesis.toml).

One check is replaced: `positive_data_acceptance` (ST202, "a request the schema allows must not
be refused") is run as it is, except that a 400 whose message is one of the contract's rules of
*state* passes. Those rules refuse a request by what the organization holds, not by its shape,
so no schema can say them: an id that is well formed but names a finished thing, a cursor that
names no item of the list, two parameters given together. Each is listed below with where it
comes from; any other 400 to a request the schema allows still fails the run (a limit, a pattern
or an enum the document does not state).
"""

import re

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

# (a pattern of the server's message, where the rule comes from)
RULES_OF_STATE = [
    # Contract, Lists: "before_id, after_id (unknown id: 400)"; a cursor must name an item of
    # that very list (issue 15). A well-formed id the list does not hold is schema-valid.
    (r"^(before_id|after_id) `.*` does not name an item of this list\.$", "contract: unknown cursor id"),
    # README, Decisions beyond the contract: "Giving both before_id and after_id ... is a 400".
    # OpenAPI 3.1 cannot say that two parameters exclude each other.
    (r"^Give before_id or after_id, not both\.$", "server decision: one cursor at a time"),
    # A page token is what a previous page's `next_page` said; any other string is refused.
    (r"^page `.*` is not a page token of this list\.$", "page tokens come from a page"),
    # Contract, Reports: `page` is the previous page's `next_page`, for the same parameters.
    (r"^page `.*` is not a page token of this report ", "contract: report page tokens come from a page"),
    # Contract, Reports: ending_at must come after starting_at (a rule across two parameters).
    (r"^ending_at \(`.*`\) must be after starting_at ", "contract: a report's range runs forward"),
    # Contract, Reports: limit's range depends on bucket_width (1d: 1 to 31, 1h: 1 to 168,
    # 1m: 1 to 1440); the document states the widest.
    (r"^limit must be an integer from 1 to \d+ for bucket_width ", "contract: the limit per bucket width"),
    # Contract, Users: admins (and owners) cannot be re-roled or removed (400).
    (r"their role cannot be changed\.$", "contract: an admin's role cannot change"),
    (r"admins and owners cannot be removed\.$", "contract: admins cannot be removed"),
    # Contract, Invites: only a pending invite can be deleted (else 400).
    (r"^Only a pending invite can be ", "contract: only pending invites are deleted"),
    # Contract, Workspaces (decided): the default workspace cannot be renamed or archived and
    # has no member list (400).
    (r"is the organization's default workspace: ", "contract (decided): the default workspace"),
    (r"^The default workspace has no member list", "contract (decided): the default workspace"),
    # Contract, Workspaces: an archived workspace cannot change, nor its membership (400);
    # archiving it again is a 400 (README, Decisions beyond the contract).
    (r"^Workspace `.*` is archived; ", "contract: archived workspaces"),
    # Contract, Workspaces: at most 100 active workspaces (400 past it).
    (r"^The organization already has \d+ active workspaces", "contract: 100 active workspaces"),
    # README: at most 50 tags a workspace; an update's count depends on the tags it has.
    (r"^tags: a workspace may have at most \d+ tags", "server decision: 50 tags after the update"),
    # README: a default_inference_geo must be among allowed_inference_geos, which an update may
    # leave as they are (a rule across two fields and the stored workspace).
    (r"^data_residency\.default_inference_geo `.*` is not among allowed_inference_geos\.$",
     "server decision: the default geo is an allowed one"),
    # Contract, Workspace members (decided): inherited admins and billing members cannot be
    # changed or removed, except a billing member raised to workspace_admin; workspace_billing
    # is only ever the billing members' own.
    (r"workspace_admin in every workspace; that cannot be changed here\.$", "contract (decided): inherited access"),
    (r"^A billing member ", "contract (decided): inherited access"),
    (r"^workspace_billing cannot be assigned; it comes with the organization's billing role\.$",
     "contract (decided): workspace_billing is inherited"),
    # Contract, API keys: an archived key cannot change status (400); an expired key may be
    # renamed or archived, not activated (400, decided).
    (r"^API key `.*` is archived; its status cannot change\.$", "contract: archived keys"),
    (r"^API key `.*` has expired; it can be renamed or archived", "contract (decided): expired keys"),
]


def rule_of_state(response):
    """The rule a 400 answer names, or None."""
    if response.status_code != 400:
        return None
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return None
    for pattern, source in RULES_OF_STATE:
        if re.search(pattern, message, re.DOTALL):
            return source
    return None


@schemathesis.check
def positive_data_acceptance_but_rules_of_state(ctx, response, case):
    """`positive_data_acceptance`, except for a 400 that names one of the contract's rules of state."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if rule_of_state(response) is not None:
            return None
        raise
