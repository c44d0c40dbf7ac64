def send_reset_mail(address: str, code: str) -> None:
    print(f"mail to {address}: your code is in the link")
