"""Staff sign-in: password accounts from secrets/env, or OpenID Connect via st.login."""

from __future__ import annotations

import os
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.context import md
from zones.auth import (
    SignInThrottle,
    UserError,
    client_key,
    load_users,
    new_throttle,
    oidc_configured,
    sign_in,
)
from zones.i18n import t

STAFF_KEY = "staff_user"


@st.cache_resource
def shared_throttle() -> SignInThrottle:
    """One throttle for every session of this server (and of every replica when the deployment
    shares a throttle file), so retries in new tabs or on another replica are slowed too."""
    return new_throttle()


def secrets_mapping() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # no secrets.toml: password accounts may still come from env
        return {}


def staff_user() -> str | None:
    """The signed-in staff member, or None for a viewer."""
    if oidc_configured(secrets_mapping()):
        if not st.user.is_logged_in:
            return None
        return str(st.user.get("email") or st.user.get("name") or "staff")
    return st.session_state.get(STAFF_KEY)


def sign_in_panel(lang: str, where: DeltaGenerator) -> None:
    box = where.expander(t("staff", lang), expanded=False)
    user = staff_user()
    oidc = oidc_configured(secrets_mapping())
    if user:
        box.caption(t("signed_in_as", lang, user=user))
        if box.button(t("sign_out", lang), key="sign_out"):
            if oidc:
                st.logout()
            st.session_state.pop(STAFF_KEY, None)
            st.rerun()
        return
    if oidc:
        if box.button(t("sign_in", lang), key="oidc_sign_in"):
            st.login()
        return
    with box.form("sign_in_form", clear_on_submit=True):
        name = st.text_input(t("user_name", lang), key="sign_in_name")
        password = st.text_input(t("password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in", lang))
    if submitted:
        _password_sign_in(box, name, password, lang)


def _password_sign_in(box, name: str, password: str, lang: str) -> None:
    try:
        users = load_users(secrets_mapping(), os.environ)
    except UserError as error:
        box.error(md(error.text(lang)))
        return
    if not users:
        box.warning(t("no_accounts", lang))
        return
    client = client_key(st.context.ip_address, st.context.headers)
    result = sign_in(users, name, password, shared_throttle(), client)
    if result.ok:
        st.session_state[STAFF_KEY] = result.user
        st.rerun()
    box.error(result.message.text(lang))
