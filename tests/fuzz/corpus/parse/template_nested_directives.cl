a = "%{for x in xs}%{if x}${x}%{else}-%{endif}%{endfor}"
