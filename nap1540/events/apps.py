from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "nap1540.events"
    label = "events"
