-- Runs once, on the first start of an empty postgres volume (docker-entrypoint-initdb.d).
-- One database per service (and per deployer account), plus the warehouse data-prep reads.
CREATE DATABASE dataprep;
CREATE DATABASE warehouse;
CREATE DATABASE tuning;
CREATE DATABASE registry;
CREATE DATABASE deployer_sandbox;
CREATE DATABASE deployer_qa;
CREATE DATABASE deployer_prod;
