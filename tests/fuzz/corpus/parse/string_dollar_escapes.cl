a = "$${literal}"
b = "%%{literal}"
c = "100% $5 and %"
d = "$$ %%"
