"""The candidate pairs' comparison vectors computed once, scored as often as the model changes.

A run trains the model, refits the prior and u on the candidate pairs' scores (`training.prior_from_scores`),
then scores the candidate pairs with the refitted model. Splink's `predict` would block the records
and compute every comparison of every candidate pair twice, although neither depends on the model's
m, u or prior: only the scoring does. `Vectors` runs Splink's own blocking and comparison SQL once,
keeps the comparison vectors as a table, and scores them with Splink's own scoring SQL at each call,
so each prediction holds exactly the rows and values `linker.inference.predict` gives. DuckDB only,
for small runs (the table holds every candidate pair's comparison columns).
"""

from __future__ import annotations

from typing import Any


class Vectors:
    """`predict(threshold)` as `linker.inference.predict(threshold_match_probability=threshold)`
    with the linker's current parameters, the comparisons computed at the first call only."""

    def __init__(self, linker: Any) -> None:
        self.linker = linker
        self._table: Any = None

    def _vectors(self) -> Any:
        from splink.internals.comparison_vector_values import (
            compute_comparison_vector_values_from_id_pairs_sqls,
        )
        from splink.internals.pipeline import CTEPipeline
        from splink.internals.vertically_concatenate import enqueue_df_concat_with_tf

        if self._table is not None:
            return self._table
        linker = self.linker
        settings = linker._settings_obj
        inference = linker.inference
        # as `LinkerInference._predict_chunk` does for one chunk, up to the comparison vectors
        blocked, from_cache = inference._get_or_compute_blocked_pairs_for_predict_chunk(
            left_chunk=(1, 1), right_chunk=(1, 1)
        )
        try:
            pipeline = CTEPipeline([blocked])
            enqueue_df_concat_with_tf(linker, pipeline)
            info = settings.column_info_settings
            pipeline.enqueue_list_of_sqls(
                compute_comparison_vector_values_from_id_pairs_sqls(
                    settings._columns_to_select_for_blocking,
                    settings._columns_to_select_for_comparison_vector_values,
                    input_tablename_l="__splink__df_concat_with_tf",
                    input_tablename_r="__splink__df_concat_with_tf",
                    source_dataset_input_column=info.source_dataset_input_column,
                    unique_id_input_column=info.unique_id_input_column,
                    link_type=settings._link_type,
                    sql_dialect_str=linker._sql_dialect_str,
                )
            )
            self._table = linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)
        finally:
            if not from_cache:
                blocked.drop_table_from_database_and_remove_from_cache()
        return self._table

    def predict(self, threshold_match_probability: float | None = None) -> Any:
        """The scored candidate pairs at or above the threshold (a SplinkDataFrame)."""
        from splink.internals.pipeline import CTEPipeline
        from splink.internals.predict import predict_from_comparison_vectors_sqls_using_settings

        pipeline = CTEPipeline([self._vectors()])
        pipeline.enqueue_list_of_sqls(
            predict_from_comparison_vectors_sqls_using_settings(
                self.linker._settings_obj, threshold_match_probability, None
            )
        )
        return self.linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)

    def close(self) -> None:
        if self._table is not None:
            self._table.drop_table_from_database_and_remove_from_cache()
            self._table = None
