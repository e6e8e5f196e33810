/* Replaced by the report writers. */
int cn_export_placeholder;
