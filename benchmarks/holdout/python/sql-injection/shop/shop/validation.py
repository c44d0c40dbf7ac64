SORTABLE = {"name", "price", "created"}


def sort_column(value):
    if value not in SORTABLE:
        return "name"
    return value


def quote_ident(value):
    return '"' + value.replace('"', '""') + '"'
