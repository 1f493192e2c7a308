package io.portcullis.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** source-address as addrmatch.c's addr_match_cidr_list reads it. */
class CidrListTest {

    @Test
    void addressesAndBlocksOfBothFamilies() {
        CidrList list = CidrList.parse("127.0.0.1,10.0.0.0/8,2001:db8::/32,::1");
        assertThat(list.contains("127.0.0.1")).isTrue();
        assertThat(list.contains("127.0.0.2")).isFalse();
        assertThat(list.contains("10.200.3.4")).isTrue();
        assertThat(list.contains("11.0.0.1")).isFalse();
        assertThat(list.contains("2001:db8:1::5")).isTrue();
        assertThat(list.contains("2001:db9::5")).isFalse();
        assertThat(list.contains("::1")).isTrue();
        assertThat(list.contains("0:0:0:0:0:0:0:1")).as("the same address spelled out").isTrue();
        assertThat(CidrList.parse("0.0.0.0/0").contains("192.0.2.7")).isTrue();
        assertThat(CidrList.parse("0.0.0.0/0").contains("::1")).as("no IPv4 block holds an IPv6 client").isFalse();
        assertThat(list.contains("localhost")).isFalse();
    }

    @Test
    void whatOpenSshRefusesMakesTheListInvalid() {
        for (String bad : new String[] {"", "127.0.0.1,", "127.0.0.*", "!10.0.0.0/8", "localhost", "10.0.0.0/33",
                "10.0.0.1/8", "300.1.1.1", "10.0.0/8", "1.2.3.4/-1", "1.2.3.4/08x", "::1/129", "2001:db8::1/32",
                "1.2.3.4 /32", "a".repeat(60)}) {
            assertThatThrownBy(() -> CidrList.parse(bad)).as("'" + bad + "'").isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CidrList.parse("10.0.0.1/8")).hasMessageContaining("bits set below its /8");
    }
}
