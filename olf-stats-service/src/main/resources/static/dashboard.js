/*
 * The live dashboard: the summary arrives over server-sent events (polled when the stream
 * is unavailable), the time series and product lists are fetched every few seconds.
 * Text from the API only ever reaches the page through textContent.
 */
(() => {
    'use strict';

    // Lets a test tell that figures changed without the page being reloaded.
    window.__loadedAt = Date.now();

    const API = '/api/stats';
    const DETAILS_EVERY_MS = 5000;
    const DETAILS_AT_MOST_EVERY_MS = 3000;
    const POLL_EVERY_MS = 5000;
    const RECONNECT_MAX_MS = 30000;
    // Saga percentiles are sampled at a fixed pace, so that the time axis is even: 15 minutes.
    const LATENCY_EVERY_MS = 2000;
    const LATENCY_POINTS = 450;

    const COLOURS = {
        placed: '#2f6fde',
        confirmed: '#17935a',
        rejected: '#d14343',
        cancelled: '#7b8594',
        pending: '#c48600',
        p50: '#2f6fde',
        p95: '#d9822b',
        p99: '#b4308f',
        bar: '#6d4ad6',
    };

    const numbers = {
        count: new Intl.NumberFormat(undefined, {maximumFractionDigits: 0}),
        money: new Intl.NumberFormat(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2}),
        percent: new Intl.NumberFormat(undefined, {
            style: 'percent',
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
        }),
        rate: new Intl.NumberFormat(undefined, {minimumFractionDigits: 1, maximumFractionDigits: 1}),
        oneDecimal: new Intl.NumberFormat(undefined, {maximumFractionDigits: 1}),
        seconds: new Intl.NumberFormat(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2}),
    };
    const clock = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', second: '2-digit'});
    const minutes = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});

    const format = {
        count: (value) => numbers.count.format(value),
        money: (value) => numbers.money.format(Number(value)),
        percent: (value) => numbers.percent.format(value),
        perSecond: (value) => numbers.rate.format(value),
        millis: (value) => {
            if (value < 10) {
                return numbers.oneDecimal.format(value) + ' ms';
            }
            if (value < 1000) {
                return numbers.count.format(value) + ' ms';
            }
            return numbers.seconds.format(value / 1000) + ' s';
        },
    };

    const $ = (selector) => document.querySelector(selector);

    function element(tag, text, className) {
        const node = document.createElement(tag);
        if (text !== undefined) {
            node.textContent = text;
        }
        if (className) {
            node.className = className;
        }
        return node;
    }

    /* Figures */

    let latestSaga = null;

    function showFigure(node, raw, formatter) {
        const known = raw !== null && raw !== undefined;
        node.dataset.value = known ? String(raw) : '';
        node.textContent = known ? formatter(raw) : '—';
        fitText(node);
    }

    function figure(name, raw, formatter) {
        const node = document.querySelector(`[data-figure="${name}"]`);
        if (node) {
            showFigure(node, raw, formatter);
        }
    }

    // Large figures shrink rather than spill out of their tile.
    function fitText(node) {
        node.style.fontSize = '';
        let size = parseFloat(getComputedStyle(node).fontSize);
        while (node.scrollWidth > node.clientWidth && size > 12) {
            size -= 1;
            node.style.fontSize = size + 'px';
        }
    }

    function renderSummary(summary) {
        const orders = summary.orders || {};
        figure('orders.placed', orders.placed, format.count);
        figure('orders.confirmed', orders.confirmed, format.count);
        figure('orders.rejected', orders.rejected, format.count);
        figure('orders.cancelled', orders.cancelled, format.count);
        figure('orders.pending', orders.pending, format.count);
        figure('revenue', summary.revenue, format.money);
        figure('confirmationRate', summary.confirmationRate, format.percent);
        figure('customersRegistered', summary.customersRegistered, format.count);
        figure('lowStockProducts', summary.lowStockProducts, format.count);

        const saga = summary.sagaDuration || {};
        figure('sagaDuration.p50', saga.p50, format.millis);
        figure('sagaDuration.p95', saga.p95, format.millis);
        figure('sagaDuration.p99', saga.p99, format.millis);
        if (saga.windowSeconds) {
            $('#saga-window').textContent = `last ${format.count(saga.windowSeconds / 60)} min, `
                + `${format.count(saga.count || 0)} decided`;
        }

        renderTopics(summary.eventsPerSecond || {}, summary.consumerLag || {});
        charts.outcomes(orders);
        charts.rejections(summary.rejectedByReason || {});
        if (latestSaga === null) {
            charts.latency(saga);
        }
        latestSaga = saga;
    }

    function renderTopics(rates, lag) {
        const topics = [...new Set([...Object.keys(rates), ...Object.keys(lag)])].sort();
        const rows = topics.map((topic) => {
            const row = element('tr');
            row.dataset.topic = topic;
            const name = element('td', topic);
            name.title = topic;
            row.append(name);

            const rate = element('td', undefined, 'num');
            rate.dataset.figure = `eventsPerSecond.${topic}`;
            showFigure(rate, rates[topic] ?? null, format.perSecond);
            row.append(rate);

            const behind = element('td', undefined, 'num');
            behind.dataset.figure = `consumerLag.${topic}`;
            showFigure(behind, lag[topic] ?? null, format.count);
            if (lag[topic] > 0) {
                behind.classList.add('behind');
            }
            row.append(behind);
            return row;
        });
        if (rows.length === 0) {
            const none = element('tr');
            const cell = element('td', 'No events yet');
            cell.colSpan = 3;
            none.append(cell);
            rows.push(none);
        }
        $('#topics').replaceChildren(...rows);
    }

    function renderLowStock(products) {
        const rows = products.map((product) => {
            const row = element('tr');
            row.dataset.sku = product.sku;
            const label = element('td');
            label.title = `${product.name ?? ''} (${product.sku})`;
            label.append(element('div', product.name ?? '', 'name'), element('div', product.sku, 'sku'));
            const available = element('td', format.count(product.available), 'num available');
            if (product.available <= 0) {
                available.classList.add('out');
            }
            row.append(label, available, element('td', format.count(product.onHand), 'num'),
                element('td', format.count(product.reserved), 'num'));
            return row;
        });
        if (rows.length === 0) {
            const none = element('tr', undefined, 'none');
            const cell = element('td', 'Every product is well stocked');
            cell.colSpan = 4;
            none.append(cell);
            rows.push(none);
        }
        $('#low-stock tbody').replaceChildren(...rows);
    }

    /* Charts */

    const charts = createCharts();

    function createCharts() {
        const none = () => {
        };
        if (typeof Chart === 'undefined') {
            document.querySelectorAll('.chart').forEach((container) => {
                container.querySelectorAll('canvas, .empty').forEach((node) => node.remove());
                container.append(element('p', 'Charts unavailable: Chart.js did not load', 'empty'));
            });
            return {throughput: none, outcomes: none, rejections: none, latency: none, topProducts: none};
        }

        Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
        Chart.defaults.color = '#5a6574';
        Chart.defaults.borderColor = '#e8ebf0';
        Chart.defaults.maintainAspectRatio = false;
        Chart.defaults.animation.duration = 250;
        Chart.defaults.plugins.legend.labels.boxWidth = 12;
        Chart.defaults.plugins.legend.labels.boxHeight = 12;

        const integerAxis = {beginAtZero: true, ticks: {precision: 0}};

        const throughput = new Chart($('#throughput-chart'), {
            type: 'bar',
            data: {
                labels: [],
                datasets: [
                    {label: 'Placed', data: [], backgroundColor: COLOURS.placed, borderRadius: 3},
                    {label: 'Confirmed', data: [], backgroundColor: COLOURS.confirmed, borderRadius: 3},
                ],
            },
            options: {
                interaction: {mode: 'index', intersect: false},
                plugins: {legend: {position: 'top', align: 'end'}},
                scales: {
                    x: {grid: {display: false}, ticks: {maxRotation: 0, autoSkipPadding: 16}},
                    y: integerAxis,
                },
            },
        });

        const outcomeLabels = ['Confirmed', 'Rejected', 'Cancelled', 'Pending'];
        const outcomes = new Chart($('#outcomes-chart'), {
            type: 'doughnut',
            data: {
                labels: outcomeLabels,
                datasets: [{
                    data: [0, 0, 0, 0],
                    backgroundColor: [COLOURS.confirmed, COLOURS.rejected, COLOURS.cancelled, COLOURS.pending],
                    borderWidth: 2,
                }],
            },
            options: {
                cutout: '58%',
                plugins: {legend: {position: 'right'}},
            },
        });

        const rejections = new Chart($('#rejections-chart'), {
            type: 'bar',
            data: {labels: [], datasets: [{label: 'Rejected', data: [], backgroundColor: COLOURS.rejected}]},
            options: {
                indexAxis: 'y',
                plugins: {legend: {display: false}},
                scales: {x: integerAxis, y: {grid: {display: false}}},
            },
        });

        const latency = new Chart($('#latency-chart'), {
            type: 'line',
            data: {
                labels: [],
                datasets: ['p50', 'p95', 'p99'].map((name) => ({
                    label: name,
                    data: [],
                    borderColor: COLOURS[name],
                    backgroundColor: COLOURS[name],
                    borderWidth: 2,
                    pointRadius: 1.5,
                    pointHitRadius: 6,
                    tension: 0.25,
                })),
            },
            options: {
                interaction: {mode: 'index', intersect: false},
                plugins: {
                    legend: {position: 'top', align: 'end'},
                    tooltip: {callbacks: {label: (item) => `${item.dataset.label}: ${format.millis(item.parsed.y)}`}},
                },
                scales: {
                    x: {grid: {display: false}, ticks: {maxRotation: 0, autoSkipPadding: 16}},
                    y: {beginAtZero: true, title: {display: true, text: 'ms'}},
                },
            },
        });

        let topNames = [];
        const top = new Chart($('#top-products-chart'), {
            type: 'bar',
            data: {labels: [], datasets: [{label: 'Units sold', data: [], backgroundColor: COLOURS.bar}]},
            options: {
                indexAxis: 'y',
                plugins: {
                    legend: {display: false},
                    tooltip: {callbacks: {title: (items) => items.map((item) => topNames[item.dataIndex] ?? '')}},
                },
                scales: {x: integerAxis, y: {grid: {display: false}}},
            },
        });

        return {
            throughput(placed, confirmed) {
                throughput.data.labels = placed.map((point) => minutes.format(new Date(point.at)));
                throughput.data.datasets[0].data = placed.map((point) => Number(point.value));
                throughput.data.datasets[1].data = confirmed.map((point) => Number(point.value));
                throughput.update('none');
            },
            outcomes(orders) {
                outcomes.data.datasets[0].data = [orders.confirmed, orders.rejected, orders.cancelled, orders.pending]
                    .map((value) => value || 0);
                outcomes.update();
            },
            rejections(byReason) {
                const reasons = Object.keys(byReason).sort((a, b) => byReason[b] - byReason[a]);
                rejections.data.labels = reasons.map((reason) => reason.toLowerCase().replaceAll('_', ' '));
                rejections.data.datasets[0].data = reasons.map((reason) => byReason[reason]);
                rejections.update();
                $('#rejections-empty').hidden = reasons.length > 0;
            },
            latency(saga) {
                const labels = latency.data.labels;
                labels.push(clock.format(new Date()));
                latency.data.datasets.forEach((dataset) => dataset.data.push(saga[dataset.label] ?? null));
                if (labels.length > LATENCY_POINTS) {
                    labels.shift();
                    latency.data.datasets.forEach((dataset) => dataset.data.shift());
                }
                latency.update('none');
                $('#latency-empty').hidden = latency.data.datasets[0].data.some((value) => value !== null);
            },
            topProducts(products) {
                // The canvas's fallback content: for screen readers, and what a test can read.
                $('#top-products').replaceChildren(...products.map((product) => {
                    const item = element('li', `${product.sku} ${product.name ?? ''}: ${product.unitsSold} sold`);
                    item.dataset.sku = product.sku;
                    return item;
                }));
                $('#top-products-empty').hidden = products.length > 0;
                topNames = products.map((product) => product.name ?? product.sku);
                top.data.labels = products.map((product) => product.sku);
                top.data.datasets[0].data = products.map((product) => product.unitsSold);
                top.update();
            },
        };
    }

    /* Connection: the stream, polling while it is down, and what the header says */

    const connection = $('#connection');
    const CONNECTION_LABELS = {
        connecting: 'Connecting…',
        live: 'Live',
        reconnecting: 'Reconnecting…',
        polling: 'Polling',
        stale: 'Stale: server unreachable',
    };
    let streamOpen = false;
    let pollTimer = null;
    let reconnectTimer = null;
    let reconnectDelay = 1000;

    function setConnection(state) {
        connection.dataset.state = state;
        connection.querySelector('.label').textContent = CONNECTION_LABELS[state];
    }

    function touched() {
        const now = new Date();
        const time = $('#last-update');
        time.dateTime = now.toISOString();
        time.textContent = clock.format(now);
    }

    function received(summary) {
        renderSummary(summary);
        touched();
        requestDetails();
    }

    function connect() {
        if (!('EventSource' in window)) {
            startPolling();
            return;
        }
        const source = new EventSource(`${API}/stream`);
        source.addEventListener('open', () => {
            streamOpen = true;
            reconnectDelay = 1000;
            stopPolling();
            setConnection('live');
        });
        source.addEventListener('summary', (event) => {
            streamOpen = true;
            stopPolling();
            setConnection('live');
            received(JSON.parse(event.data));
        });
        source.addEventListener('error', () => {
            streamOpen = false;
            // CONNECTING: the browser retries by itself. CLOSED: it gave up, so we try again later.
            if (source.readyState === EventSource.CLOSED) {
                source.close();
                scheduleReconnect();
            }
            setConnection('reconnecting');
            startPolling();
        });
    }

    function scheduleReconnect() {
        clearTimeout(reconnectTimer);
        reconnectTimer = setTimeout(connect, reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
    }

    function startPolling() {
        if (pollTimer === null) {
            pollTimer = setInterval(poll, POLL_EVERY_MS);
            poll();
        }
    }

    function stopPolling() {
        clearInterval(pollTimer);
        pollTimer = null;
    }

    async function poll() {
        try {
            const summary = await fetchJson(`${API}/summary`);
            if (!streamOpen) {
                setConnection('polling');
                received(summary);
            }
        }
        catch (ex) {
            if (!streamOpen) {
                setConnection('stale');
            }
        }
    }

    async function fetchJson(url) {
        const response = await fetch(url, {headers: {Accept: 'application/json'}, cache: 'no-store'});
        if (!response.ok) {
            throw new Error(`${url}: HTTP ${response.status}`);
        }
        return response.json();
    }

    /* Time series and products: every few seconds, and soon after the summary changes */

    let detailsRunning = false;
    let detailsLastRun = 0;
    let detailsTimer = null;

    function requestDetails() {
        const wait = detailsLastRun + DETAILS_AT_MOST_EVERY_MS - Date.now();
        if (wait <= 0 && !detailsRunning) {
            refreshDetails();
        }
        else if (detailsTimer === null) {
            detailsTimer = setTimeout(() => {
                detailsTimer = null;
                requestDetails();
            }, Math.max(wait, 250));
        }
    }

    async function refreshDetails() {
        detailsRunning = true;
        detailsLastRun = Date.now();
        try {
            const results = await Promise.allSettled([
                Promise.all([
                    fetchJson(`${API}/timeseries?metric=orders.placed&step=PT1M`),
                    fetchJson(`${API}/timeseries?metric=orders.confirmed&step=PT1M`),
                ]).then(([placed, confirmed]) => charts.throughput(placed.points, confirmed.points)),
                fetchJson(`${API}/products/top?limit=10`).then((products) => charts.topProducts(products)),
                fetchJson(`${API}/products/low-stock`).then(renderLowStock),
            ]);
            const failed = results.filter((result) => result.status === 'rejected');
            failed.forEach((result) => console.warn('Dashboard refresh failed', result.reason));
            if (failed.length === results.length) {
                setConnection('stale');
            }
            else {
                touched();
                if (streamOpen) {
                    setConnection('live');
                }
            }
        }
        finally {
            detailsRunning = false;
        }
    }

    let resizeTimer = null;
    window.addEventListener('resize', () => {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(() => document.querySelectorAll('[data-figure]').forEach(fitText), 150);
    });

    connect();
    refreshDetails();
    setInterval(requestDetails, DETAILS_EVERY_MS);
    setInterval(() => {
        if (latestSaga !== null) {
            charts.latency(latestSaga);
        }
    }, LATENCY_EVERY_MS);
})();
