"""Webhook URLs: the pasted forms people use pass, anything else says which part is wrong,
and the token never shows in a repr, a str or a message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.bitrix.errors import InvalidInputError
from gui.bitrix.webhook import REDACTED, WebhookUrl

TOKEN = "k3y0abcdef123456"
BASE = f"https://portal.bitrix24.com/rest/7/{TOKEN}"


@pytest.mark.parametrize(
    "text",
    [
        BASE,
        BASE + "/",
        BASE + "/profile",
        BASE + "/profile/",
        BASE + "/im.chat.get.json",
        BASE + "/im.chat.get",
        f"  {BASE}/  ",
        f"HTTPS://Portal.Bitrix24.COM/rest/7/{TOKEN}/",
    ],
)
def test_accepted_forms(text: str) -> None:
    hook = WebhookUrl.parse(text)
    assert (hook.scheme, hook.host, hook.user_id, hook.token) == (
        "https",
        "portal.bitrix24.com",
        7,
        TOKEN,
    )
    assert hook.base_url() == f"https://portal.bitrix24.com/rest/7/{TOKEN}/"
    assert hook.method_url("im.chat.get") == f"{BASE}/im.chat.get.json"


def test_port_prefix_ipv6_and_idn_hosts() -> None:
    hook = WebhookUrl.parse(f"https://b24.example.org:8443/crm/rest/1/{TOKEN}/")
    assert hook.portal_url == "https://b24.example.org:8443/crm"
    assert (
        hook.method_url("profile")
        == f"https://b24.example.org:8443/crm/rest/1/{TOKEN}/profile.json"
    )
    assert WebhookUrl.parse(f"http://[::1]:8080/rest/1/{TOKEN}/").portal_url == "http://[::1]:8080"
    assert WebhookUrl.parse(f"https://портал.рф/rest/1/{TOKEN}/").host == "портал.рф"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.2", "[::1]"])
def test_http_is_allowed_for_loopback(host: str) -> None:
    hook = WebhookUrl.parse(f"http://{host}:5000/rest/1/{TOKEN}/")
    assert hook.scheme == "http" and hook.is_loopback


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (f"portal.bitrix24.com/rest/7/{TOKEN}/", "https://"),
        (f"http://portal.bitrix24.com/rest/7/{TOKEN}/", "plain http://"),
        (f"http://10.0.0.5/rest/7/{TOKEN}/", "plain http://"),
        (f"ftp://portal.bitrix24.com/rest/7/{TOKEN}/", "ftp://"),
        (f"https:///rest/7/{TOKEN}/", "no portal address"),
        (f"https://portal.bitrix24.com:99999/rest/7/{TOKEN}/", "host or port"),
        (f"https://por<tal>.com/rest/7/{TOKEN}/", "portal address"),
        (f"https://user:pw@portal.bitrix24.com/rest/7/{TOKEN}/", "user name or password"),
        (f"https://portal.bitrix24.com/7/{TOKEN}/", "/rest/"),
        ("https://portal.bitrix24.com/rest/7/", "user ID and the token"),
        ("https://portal.bitrix24.com/rest/", "user ID and the token"),
        (f"https://portal.bitrix24.com/rest/abc/{TOKEN}/", "user ID"),
        (f"https://portal.bitrix24.com/rest/0/{TOKEN}/", "user ID"),
        (f"https://portal.bitrix24.com/rest/²/{TOKEN}/", "user ID"),
        ("https://portal.bitrix24.com/rest/7/ab/", "token"),
        ("https://portal.bitrix24.com/rest/7/abc$defgh/", "token"),
        (f"https://portal.bitrix24.com/rest/7/{TOKEN}/profile/extra", "unexpected parts"),
        (f"https://portal.bitrix24.com/rest/7/{TOKEN}/12abc", "unexpected parts"),
        (f"https://portal.bitrix24.com/rest/7/{TOKEN}/?x=1", "?query"),
        (f"https://portal.bitrix24.com/rest/7/{TOKEN}/#top", "#fragment"),
        (f"https://portal.bitrix24.com/rest/7/{TOKEN} /", "spaces"),
    ],
)
def test_rejected_forms_say_which_part_is_wrong(text: str, part: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        WebhookUrl.parse(text)
    message = str(caught.value)
    assert part in message
    assert "looks like https://" in message  # and shows the expected shape
    assert TOKEN not in message


def test_swapped_user_id_and_token_do_not_echo_the_token() -> None:
    with pytest.raises(InvalidInputError) as caught:
        WebhookUrl.parse(f"https://portal.bitrix24.com/rest/{TOKEN}/7/")
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)


def test_repr_str_and_redaction_hide_the_token() -> None:
    hook = WebhookUrl.parse(BASE)
    for shown in (repr(hook), str(hook), hook.redacted(), f"{hook}", f"{hook!r}"):
        assert TOKEN not in shown
        assert REDACTED in shown
    assert hook.redact(f"GET {hook.method_url('profile')} failed") == (
        f"GET https://portal.bitrix24.com/rest/7/{REDACTED}/profile.json failed"
    )
    assert hook.chat_url(1437) == "https://portal.bitrix24.com/online/?IM_DIALOG=chat1437"


def test_method_url_refuses_non_method_names() -> None:
    hook = WebhookUrl.parse(BASE)
    with pytest.raises(ValueError):
        hook.method_url("../evil")


TOKENS = st.from_regex(r"[A-Za-z0-9_\-]{8,64}", fullmatch=True)
# Ways to get the token into a malformed URL: each must be refused without showing it.
BROKEN = st.sampled_from(
    [
        "https://portal.example/rest/{t}/1/",
        "https://portal.example/rest/{t}/",
        "http://portal.example/rest/1/{t}/",
        "https://portal.example/rest/1/{t}/a/b",
        "https://portal.example/rest/1/{t}?x",
        "https://portal.example/rest/1/{t}#x",
        "https://portal.example/rest/1/{t}$/",
        "https://portal.example/{t}/1/",
        "https://portal.example:0x1/rest/1/{t}/",
        "https://por tal.example/rest/1/{t}/",
        "ftp://portal.example/rest/1/{t}/",
        "https://{t}@portal.example/rest/1/x/",
    ]
)


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=300, deadline=None)
@given(token=TOKENS, user=st.integers(1, 10**6))
def test_valid_webhooks_never_show_their_token(token: str, user: int) -> None:
    hook = WebhookUrl.parse(f"https://p.example/rest/{user}/{token}/im.chat.get.json")
    assert hook.token == token and hook.user_id == user
    # The token is long enough (8+) not to collide with "p.example", "rest" or the user ID.
    for shown in (repr(hook), str(hook), hook.redacted(), hook.portal_url, hook.chat_url(5)):
        assert token not in shown


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=300, deadline=None)
@given(token=TOKENS, template=BROKEN)
def test_no_error_message_contains_the_token(token: str, template: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        WebhookUrl.parse(template.format(t=token))
    assert token not in str(caught.value)
    assert token not in repr(caught.value)


@pytest.mark.no_cover  # hundreds of examples, untraced: the example tests cover these lines
@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=120),
        st.builds(lambda a, b: f"https://{a}/rest/{b}", st.text(max_size=20), st.text(max_size=40)),
    )
)
def test_any_text_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        hook = WebhookUrl.parse(text)
    except InvalidInputError:
        return
    assert hook.scheme in ("https", "http")
    assert WebhookUrl.parse(hook.base_url()) == hook  # what we print parses back the same
