-- One database per service: each owns its data and no service reads another's. The fourth,
-- olf (statistics), is POSTGRES_DB in docker-compose.yml and k8s: the image creates it.
create database customers;
create database orders;
create database inventory;
