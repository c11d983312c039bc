-- One database per service: each owns its data and no service reads another's.
create database customers;
create database orders;
create database inventory;
create database olf;
