"""bp "auth": team login and logout — Argon2 passwords, CSRF, rate limits, idle and absolute expiry."""

from __future__ import annotations

import ipaddress
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from . import users
from .db import get_db, transaction
from .models import User

ABSOLUTE_SECONDS = 8 * 3600

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])
login_manager = LoginManager()


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
    user = users.get_user(get_db(), int(user_id)) if user_id.isdigit() else None
    return SessionUser(user) if user and not user.disabled else None


class LoginForm(FlaskForm):
    name = StringField("Tên đăng nhập", validators=[DataRequired("Hãy nhập tên đăng nhập."),
                                                   Length(max=40)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Hãy nhập mật khẩu."),
                                                     Length(max=users.MAX_PASSWORD)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass


def safe_next(target: str | None) -> str:
    """Only a path inside the admin: `next=` must never send a logged-in user elsewhere."""
    if target:
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/admin")
                and "\\" not in target and "//" not in target):
            return target
    return url_for("admin.dashboard")


def _submitted_name() -> str:
    return "user:" + (request.form.get("name") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_submitted_name)
def login():
    if not network_allowed():
        abort(403)
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        db = get_db()
        with transaction(db):
            user = users.authenticate(db, form.name.data, form.password.data)
            if user is not None:
                users.record(db, user.name, "login")
        if user is None:
            flash("Sai tên đăng nhập hoặc mật khẩu.", "error")
        else:
            session.clear()  # a new session id: nothing from before login carries over
            login_user(SessionUser(user))
            session.permanent = True
            session["login_at"] = session["seen"] = time.time()
            session["user_name"] = user.name
            return redirect(safe_next(form.next.data))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.post("/logout")
def logout():
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        with transaction(get_db()):
            users.record(get_db(), current_user.name, "logout")
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
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


def session_expired() -> bool:
    """Idle longer than ADMIN_IDLE_MINUTES, logged in longer than 8 hours, or the account behind
    the session is no longer the one that logged in (a restore replaced the accounts table)."""
    if session.get("user_name") != current_user.name:
        return True
    now = time.time()
    idle = current_app.config["ADMIN_IDLE_MINUTES"] * 60
    return (now - session.get("seen", 0) > idle
            or now - session.get("login_at", 0) > ABSOLUTE_SECONDS)


def require_login():
    """The admin guard's check: a response to send instead of the page, or None to go on."""
    if not network_allowed():
        abort(403)
    if current_user.is_authenticated and session_expired():
        logout_user()
        session.clear()
        flash("Phiên làm việc đã hết hạn, hãy đăng nhập lại.", "info")
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session["seen"] = time.time()
    return None


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 3600)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", ABSOLUTE_SECONDS)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.register_blueprint(bp)
