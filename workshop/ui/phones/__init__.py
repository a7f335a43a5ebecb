"""The laptop's side of participants' phones: the dialog that turns the phones' server on
and off (``dialog``), and the join codes it shows large and on the projector (``codes``).
The server itself runs in the core (``workshop.phones.hosting``), owned by the session."""
