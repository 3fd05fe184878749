//! Who a request comes from, for its budget: the peer's address or, when the peer is
//! a trusted proxy (`--trusted-proxy CIDR`), the nearest address of `X-Forwarded-For`
//! that is not a trusted proxy. Addresses left of that one were written by the client
//! itself and prove nothing; an entry that is no address stops the walk at the last
//! trusted hop, so garbage cannot make a client look like anyone it likes.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The address a request's budget is kept under.
pub fn client_address(request: &HttpRequest, trusted: &[IpNet]) -> IpAddr {
    let peer = request
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
    let is_trusted = |address: &IpAddr| trusted.iter().any(|net| net.contains(address));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut nearest = peer;
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(address) if is_trusted(&address) => nearest = address,
            Ok(address) => return address,
            Err(_) => return nearest,
        }
    }
    nearest
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn client(peer: &str, forwarded: Option<&str>, trusted: &[&str]) -> IpAddr {
        let mut request = TestRequest::default().peer_addr(peer.parse().unwrap());
        if let Some(forwarded) = forwarded {
            request = request.insert_header(("x-forwarded-for", forwarded));
        }
        let trusted: Vec<IpNet> = trusted.iter().map(|t| t.parse().unwrap()).collect();
        client_address(&request.to_http_request(), &trusted)
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        assert_eq!(
            client("203.0.113.9:5000", Some("198.51.100.1"), &["10.0.0.0/8"]),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_forwarded_address_is_the_client() {
        let trusted = ["10.0.0.0/8"];
        assert_eq!(
            client(
                "10.0.0.2:5000",
                Some("6.6.6.6, 198.51.100.1, 10.0.0.7"),
                &trusted
            ),
            "198.51.100.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client("10.0.0.2:5000", Some("nonsense, 10.0.0.7"), &trusted),
            "10.0.0.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client("10.0.0.2:5000", None, &trusted),
            "10.0.0.2".parse::<IpAddr>().unwrap()
        );
    }
}
