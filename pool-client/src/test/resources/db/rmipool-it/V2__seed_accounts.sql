insert into ${table} (id, owner, balance) values (1, 'alice', 100.00);
insert into ${table} (id, owner, balance) values (2, 'bob', 50.50);
