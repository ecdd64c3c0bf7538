package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void namedWindowParametersBecomeBindPlaceholdersInOrder() {
        NamedParameters p = NamedParameters.parse("select * from t where d >= :dateStart and d <= :dateEnd"
                + " and e > :dateStart");
        assertThat(p.sql()).isEqualTo("select * from t where d >= ? and d <= ? and e > ?");
        assertThat(p.order()).containsExactly("dateStart", "dateEnd", "dateStart");
    }

    @Test
    void castsLiteralsIdentifiersCommentsAndDollarQuotesAreLeftAlone() {
        String query = "select ':dateStart' as a, \"x:dateEnd\", d::date, $$ :nope $$ -- :dateEnd\n"
                + "/* :dateStart */ from t where d between :dateStart::date and :dateEnd";
        NamedParameters p = NamedParameters.parse(query);
        assertThat(p.sql()).isEqualTo("select ':dateStart' as a, \"x:dateEnd\", d::date, $$ :nope $$ -- :dateEnd\n"
                + "/* :dateStart */ from t where d between ?::date and ?");
        assertThat(p.order()).containsExactly("dateStart", "dateEnd");
    }

    @Test
    void doubledQuoteInsideALiteralDoesNotEndIt() {
        NamedParameters p = NamedParameters.parse("select 'it''s :dateEnd' where d > :dateStart");
        assertThat(p.order()).containsExactly("dateStart");
    }

    @Test
    void unknownParameterIsRefusedByName() {
        assertThatThrownBy(() -> NamedParameters.parse("select * from t where name = :user")).isInstanceOf(InvalidQueryException.class)
                .hasMessage("unknown parameter :user; only :dateStart and :dateEnd are bound");
    }

    @Test
    void positionalPlaceholdersAndUnterminatedLiteralsAreRefused() {
        assertThatThrownBy(() -> NamedParameters.parse("select * from t where d > ?"))
                .hasMessageContaining("not '?' placeholders");
        assertThatThrownBy(() -> NamedParameters.parse("select 'abc where d > :dateStart"))
                .hasMessage("unterminated string literal");
    }

    @Test
    void aQueryIsOneStatementSoNoCommitCanEndItsReadOnlyTransaction() {
        assertThatThrownBy(() -> NamedParameters.parse("commit; delete from t where d between :dateStart and :dateEnd"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("the query must be one statement; ';' separates statements");
        assertThat(NamedParameters.parse("select ';' from t where d > :dateStart;  \n").sql())
                .isEqualTo("select ';' from t where d > ?");
    }
}
