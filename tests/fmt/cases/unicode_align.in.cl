𝒜 = 1 # foo
bungle = "🇬🇧" # baz
zebra = "striped" # baz
café = "é" # accent
naïve = "e\u0301" # combining
