-- Most papers have no superordinated paper: a small partial index finds the few that do.
create index paper_with_superordinated_idx on council.paper (id) where superordinated_paper_ids <> '{}';
