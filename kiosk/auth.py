"""bp "auth": team login and logout — Argon2 passwords, CSRF, rate limits, idle and absolute expiry."""

from __future__ import annotations

import ipaddress
import time
from datetime import timedelta
from functools import partial
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from itsdangerous import BadSignature
from limits import parse
from werkzeug.exceptions import HTTPException
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kiosk import users
from kiosk.admin.kept_forms import KeptForm, KeptForms
from kiosk.db import get_db, transaction
from kiosk.models import User
from kiosk.timekeeping import clock
from kiosk.web import errors

ABSOLUTE_SECONDS = 8 * 3600
# Wrong passwords for one name from all addresses together: slows a guesser with many addresses
# without locking the owner out (see login()).
NAME_BACKOFF = parse("20 per hour")

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])
login_manager = LoginManager()
clock_watch = clock.JumpWatch()


class SessionUser:
    """What Flask-Login needs around our frozen User record."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.is_authenticated = True
        self.is_active = not user.disabled
        self.is_anonymous = False

    def get_id(self) -> str:
        return str(self.user.id)

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"


@login_manager.user_loader
def _load_user(user_id: str) -> SessionUser | None:
    """The session's account, unless it was disabled or its sessions were ended (logout, new
    password) since this session began: a copied cookie dies with the session it copied."""
    if not user_id.isdigit():
        return None
    user = users.get_session_user(get_db(), int(user_id), session.get("epoch"))
    return SessionUser(user) if user else None


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request itself came over HTTPS.

    A request without the cookie (every visitor's public page) gets an empty session without
    building the signing serializer, and an empty, untouched session is not saved: Flask would
    do nothing either, after work that costs ~15 µs a request.
    """

    def open_session(self, app: Flask, request):
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        try:
            # No max_age: the signature's timestamp follows a wall clock that may jump (a Pi
            # with no clock battery); session_expired() enforces the limits instead.
            return self.session_class(serializer.loads(request.cookies[self.get_cookie_name(app)]))
        except BadSignature:
            return self.session_class()

    def save_session(self, app: Flask, session, response) -> None:
        if not session and not session.modified:
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]
                    or (has_request_context() and request.is_secure))


class LoginForm(FlaskForm):
    name = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Hãy nhập tên đăng nhập.")),
                                                   Length(max=40)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Hãy nhập mật khẩu.")),
                                                     Length(max=users.MAX_PASSWORD)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass


def safe_next(target: str | None) -> str:
    """Only a path inside the admin: `next=` must never send a logged-in user elsewhere, nor
    carry a control character into the Location header (CR/LF would be a 500)."""
    if target and target.isprintable():
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/admin")
                and "\\" not in target and "//" not in target):
            return target
    return url_for("admin.dashboard")


def _submitted_name() -> str:
    return (request.form.get("name") or "").strip().lower()


def _name_at_address() -> str:
    """Per name *and* address: wrong passwords from one machine do not lock the owner out of
    another."""
    return f"user:{_submitted_name()}@{get_remote_address()}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_name_at_address)
def login():
    if not network_allowed():
        abort(403)
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        backoff_key = "backoff:user:" + _submitted_name()
        backed_off = not limiter.limiter.test(NAME_BACKOFF, backoff_key)
        if backed_off and not trusted_network():
            return _backed_off(form)  # not even checked: a right guess looks like a wrong one
        db = get_db()
        with transaction(db):
            user = users.authenticate(db, form.name.data, form.password.data)
            if user is not None:
                users.record(db, user.name, "đăng nhập")
                epoch = users.get_session_epoch(db, user.id)
        if user is None:
            limiter.limiter.hit(NAME_BACKOFF, backoff_key)
            if backed_off:
                return _backed_off(form)
            flash(gettext("Sai tên đăng nhập hoặc mật khẩu."), "error")
        else:
            session.clear()  # a new session id: nothing from before login carries over
            login_user(SessionUser(user))
            # A browser-session cookie (no Expires): an expiry from a clock hours behind would
            # make phones drop it at once.
            session.permanent = False
            _stamp("login_at", "seen")
            session["user_name"] = user.name
            session["epoch"] = epoch
            return redirect(safe_next(form.next.data))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


def _backed_off(form: LoginForm):
    flash(gettext("Tên đăng nhập này bị thử sai mật khẩu quá nhiều lần trong một giờ qua. Hãy đợi"
                  " một giờ, hoặc đăng nhập từ mạng của tổ."), "error")
    return render_template("auth/login.html", form=form), 429


@bp.post("/logout")
def logout():
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        with transaction(get_db()):
            users.end_sessions(get_db(), current_user.user.id)  # copies of the cookie too
            users.record(get_db(), current_user.name, "đăng xuất")
    logout_user()
    session.clear()
    flash(gettext("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


def network_allowed() -> bool:
    """Whether the client's address is inside ADMIN_NETWORKS (empty setting: everywhere)."""
    spec = current_app.config["ADMIN_NETWORKS"].split()
    if not spec:
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in spec)


def trusted_network() -> bool:
    """Whether the client may still log in while its name is backed off: inside ADMIN_NETWORKS,
    or this machine itself when the admin is open to every address (empty setting)."""
    if current_app.config["ADMIN_NETWORKS"].split():
        return network_allowed()
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def session_expired() -> bool:
    """Idle longer than ADMIN_IDLE_MINUTES, logged in longer than 8 hours, or the account behind
    the session is no longer the one that logged in (a restore replaced the accounts table)."""
    if session.get("user_name") != current_user.name:
        return True
    idle = current_app.config["ADMIN_IDLE_MINUTES"] * 60
    return _age("seen") > idle or _age("login_at") > ABSOLUTE_SECONDS


def _stamp(*keys: str) -> None:
    now = time.time()
    for key in keys:
        session[key] = now
        session[key + "_clock"] = clock.anchor(now)


def _age(key: str) -> float:
    """Seconds since session[key], measured across wall-clock jumps (kiosk.timekeeping.clock.age); a stamp
    the clock has moved back past is re-anchored to now rather than living for hours more."""
    elapsed = clock.age(session.get(key, 0), session.get(key + "_clock"))
    if elapsed is None:
        _stamp(key)
        return 0.0
    return elapsed


def require_login():
    """The admin guard's check: a response to send instead of the page, or None to go on."""
    if not network_allowed():
        abort(403)
    if current_user.is_authenticated and session_expired():
        _end_expired_session()
    if not current_user.is_authenticated:
        if request.method == "POST":
            return _keep_form_and_log_in()
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    _stamp("seen")
    return None


@bp.before_request
def _forget_rate_limits_after_a_clock_jump() -> None:
    """Flask-Limiter's windows end at wall-clock times: after the clock moved back 14 hours
    they would hold for 14 hours. A jump (either way) starts every window again."""
    if request.endpoint == "auth.login" and request.method == "POST" and clock_watch.jumped():
        limiter.reset()


def _end_expired_session() -> None:
    name = session.get("user_name")
    logout_user()
    session.clear()
    if name:  # signed with the session: whose typing a form posted after this may be kept for
        session["expired_user"] = name
    flash(gettext("Phiên làm việc đã hết hạn, hãy đăng nhập lại."), "info")


def kept_forms() -> KeptForms:
    return current_app.extensions["langso_kept_forms"]


def _form_page() -> str:
    """The admin page the posted form was on (the Referer, same host), without an old `kept=`;
    else the posted path itself when it can be opened, else the dashboard."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc == request.host and parts.path.startswith("/admin"):
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "kept"])
        return safe_next(parts.path + ("?" + query if query else ""))
    try:
        current_app.create_url_adapter(request).match(request.path, method="GET")
    except HTTPException:
        return url_for("admin.dashboard")
    return safe_next(request.path)


def _keep_form_and_log_in():
    """A form posted without a live session: not processed; its text is kept for the account
    whose session expired, and after logging in that account sees the form filled in again."""
    page = _form_page()
    owner = session.get("expired_user")
    if owner:
        token = kept_forms().keep(owner, page, request.path, list(request.form.items(multi=True)),
                                  any(f.filename for f in request.files.values()))
        if token is None:
            flash("Nội dung vừa gửi quá dài để giữ lại; hãy đăng nhập rồi nhập lại.", "error")
        else:
            page += ("&" if "?" in page else "?") + "kept=" + token
            flash("Nội dung bạn vừa nhập chưa được lưu nhưng đã được giữ lại: đăng nhập để xem"
                  " lại và lưu.", "info")
    return redirect(url_for("auth.login", next=page))


def _csrf_failed(exc: CSRFError):
    """A form posted from a page opened too long ago (its CSRF token expired): in the admin, keep
    what was typed and show the page again, filled in, instead of a bare error."""
    if (request.blueprint != "admin" or not network_allowed()
            or not request.form.get("csrf_token")):  # no token at all: not our form
        return errors.handle_http(exc)
    if current_user.is_authenticated and session_expired():
        _end_expired_session()
    if not current_user.is_authenticated:
        return _keep_form_and_log_in()
    if exc.description != "The CSRF token has expired.":  # Flask-WTF's words: only a stale page
        return errors.handle_http(exc)
    page = _form_page()
    token = kept_forms().keep(current_user.name, page, request.path,
                              list(request.form.items(multi=True)),
                              any(f.filename for f in request.files.values()))
    if token is None:
        return errors.handle_http(exc)
    return redirect(page + ("&" if "?" in page else "?") + "kept=" + token)


def kept_form_for_page() -> KeptForm | None:
    """The form kept under this page's `kept=` for the logged-in account, if any."""
    token = request.args.get("kept", "")
    if not token or not current_user.is_authenticated:
        return None
    return kept_forms().get(token, current_user.name)


def init_app(app: Flask) -> None:
    app.extensions["langso_kept_forms"] = KeptForms()
    app.register_error_handler(CSRFError, _csrf_failed)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 3600)
    # Not setdefault: Flask's defaults already hold a 31-day lifetime, which would win.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=ABSOLUTE_SECONDS)
    app.session_interface = SessionInterface()
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    csrf.init_app(app)
    limiter.init_app(app)
    _limit_only_where_decorated(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.register_blueprint(bp)


def _limit_only_where_decorated(app: Flask) -> None:
    """Take Flask-Limiter's app-wide hooks off: public pages never consult the limiter.

    Flask-Limiter checks every request in a before_request hook (~90 µs on a cached kiosk page)
    to apply default and blueprint limits; we have neither. The @limiter.limit decorators on
    login() check inside the view itself, and the per-request state lives on the request
    context, so its after_request and teardown hooks have nothing to do either.
    """
    def ours(func) -> bool:
        return getattr(func, "__self__", None) is limiter or (
            isinstance(func, partial) and limiter in func.args)

    for hooks in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs):
        hooks[None] = [func for func in hooks.get(None, []) if not ours(func)]
