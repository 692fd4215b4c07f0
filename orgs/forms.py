from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's log-in form; its messages come translated into Russian."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Неверное имя пользователя или пароль. Проверьте раскладку клавиатуры.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору портала.",
    }
