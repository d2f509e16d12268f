create table ${table} (
    id int primary key,
    owner varchar(100) not null,
    balance decimal(12, 2) not null
);
