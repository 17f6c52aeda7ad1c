Hello ${name}!
%{ for s in servers ~}
server ${s}
%{ endfor ~}
bye
