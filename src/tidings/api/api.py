from ninja import NinjaAPI
api = NinjaAPI(title="tidings", version="1")
