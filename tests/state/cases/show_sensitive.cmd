show 'module.db["eu"].aws_key_pair.deployer'
