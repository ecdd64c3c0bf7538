-- One set of roles for every service (service-support's Roles): invoker (InvokeEndpoint with access keys) and
-- operator (kickoffs, model definitions, drift alerts) join viewer, approver and admin.
alter table registry_user_role drop constraint registry_user_role_role_check;
alter table registry_user_role add constraint registry_user_role_role_check
    check (role in ('viewer', 'invoker', 'operator', 'approver', 'admin'));
