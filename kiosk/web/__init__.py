"""The public web: kiosk screens, heritage and shop pages, health, templating, static export."""
