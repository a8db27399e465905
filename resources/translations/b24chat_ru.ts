<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name></name>
    <message>
        <location filename="../../gui/bitrix/answers.py" line="+20"/>
        <source>The portal&apos;s im.chat.get answer has no chat ID: {answer}</source>
        <translation>В ответе портала на im.chat.get нет ID чата: {answer}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The portal&apos;s im.chat.get answer is not a chat ID: {answer}</source>
        <translation>Ответ портала на im.chat.get — не ID чата: {answer}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The portal&apos;s batch answer has an unexpected part: {answer}</source>
        <translation>В ответе портала на batch есть неожиданная часть: {answer}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The portal&apos;s batch answer was not an object</source>
        <translation>Ответ портала на batch — не объект</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal&apos;s batch answer holds a list where the commands&apos; keyed answers belong: {answer}</source>
        <translation>В ответе портала на пакетный запрос вместо ответов по ключам команд — список: {answer}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal refused this command: {answer}</source>
        <translation>Портал отклонил эту команду: {answer}</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/bulk.py" line="+41"/>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/bulkio.py" line="+29"/>
        <source>Line {line} is not readable as CSV ({reason}): fix or remove it</source>
        <translation>Строку {line} не удаётся прочитать как CSV ({reason}): исправьте или удалите её</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Line {line} is not {encoding} text like the rest of the file, so it was not sent: save the whole file in one encoding (UTF-8)</source>
        <translation>Строка {line} — не текст в кодировке {encoding}, как остальной файл, поэтому она не отправлена: сохраните весь файл в одной кодировке (UTF-8)</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>The entity type is empty: write it like {example}</source>
        <translation>Не указан тип сущности: пишите, например, {example}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A bare number ({value}): say which CRM entity it is with {control}, or write it like LEAD|13</source>
        <translation>Просто число ({value}): укажите тип сущности CRM — {control} — или пишите, например, LEAD|13</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{value} has no entity type: write it like {example} or LINES,telegrambot|2|209607941|744, or give the type for all rows ({control})</source>
        <translation>У {value} нет типа сущности: пишите, например, {example} или LINES,telegrambot|2|209607941|744 либо задайте тип для всех строк ({control})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>--crm-kind LEAD (or DEAL, CONTACT, …)</source>
        <translation>--crm-kind LEAD (или DEAL, CONTACT, …)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>--type</source>
        <translation>--type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the “Bare numbers are” box (LEAD, DEAL, CONTACT, …)</source>
        <translation>в поле «Числа без типа» (LEAD, DEAL, CONTACT, …)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the “Rows without a type” box</source>
        <translation>в поле «Строки без типа»</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/client.py" line="+44"/>
        <source>The portal&apos;s profile answer was not an object: is this a Bitrix24 webhook?</source>
        <translation>Ответ портала на запрос профиля — не объект: это точно вебхук Битрикс24?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal&apos;s scope answer was not a list: is this a Bitrix24 webhook?</source>
        <translation>Ответ портала на запрос прав — не список: это точно вебхук Битрикс24?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal did not answer within {seconds} s: check the network, or raise the timeout in Settings</source>
        <translation>Портал не ответил за {seconds} с: проверьте сеть или увеличьте тайм-аут в настройках</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection to the portal was dropped before it answered</source>
        <translation>Соединение с порталом прервалось до ответа</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The request to the portal failed: {reason}</source>
        <translation>Запрос к порталу не удался: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The certificate of {portal} is not trusted ({reason}): for an on-premise portal, choose its CA bundle in Settings</source>
        <translation>Сертификату {portal} нет доверия ({reason}): для коробочного портала выберите файл его корневых сертификатов в настройках</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not connect to {portal} ({reason}): check the portal address and the network or proxy settings</source>
        <translation>Не удалось подключиться к {portal} ({reason}): проверьте адрес портала и настройки сети или прокси</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The portal answered with a server error page (HTTP {status}): try again later</source>
        <translation>Портал ответил страницей ошибки сервера (HTTP {status}): повторите позже</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The portal&apos;s answer was not JSON (HTTP {status}, {content_type}): check that the URL is the portal&apos;s webhook and that no proxy or login page is in the way</source>
        <translation>Ответ портала — не JSON (HTTP {status}, {content_type}): проверьте, что адрес — вебхук портала и что не мешает прокси или страница входа</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no content type</source>
        <translation>тип содержимого не указан</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal&apos;s answer has no result (HTTP {status}): is this a Bitrix24 webhook URL?</source>
        <translation>В ответе портала нет результата (HTTP {status}): это точно адрес вебхука Битрикс24?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal&apos;s answer was larger than {megabytes} MB, far more than a lookup&apos;s answer: check that the URL is the portal&apos;s webhook and that no proxy is in the way</source>
        <translation>Ответ портала больше {megabytes} МБ — намного больше ответа на поиск: проверьте, что адрес — вебхук портала и что прокси не мешает</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The portal&apos;s answer was JSON nested too deeply to read (HTTP {status}): check that the URL is the portal&apos;s webhook and that no proxy is in the way</source>
        <translation>Ответ портала — JSON со слишком глубокой вложенностью (HTTP {status}): проверьте, что адрес — вебхук портала и что прокси не мешает</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/details.py" line="+24"/>
        <source>The webhook&apos;s user is not a member of chat {chat_id}, so its details are hidden (the chat ID is still right)</source>
        <translation>Пользователь вебхука не участник чата {chat_id}, поэтому его сведения скрыты (ID чата при этом верный)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The webhook&apos;s user is neither a member of chat {chat_id} nor Open Lines staff, so its details are hidden (the chat ID is still right)</source>
        <translation>Пользователь вебхука не участник чата {chat_id} и не сотрудник открытых линий, поэтому его сведения скрыты (ID чата при этом верный)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The portal&apos;s answer for chat {chat_id} is not a chat card</source>
        <translation>Ответ портала для чата {chat_id} — не карточка чата</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/entities.py" line="+19"/>
        <source>Unknown entity type {shown}: use one of {known}</source>
        <translation>Неизвестный тип сущности {shown}: используйте один из {known}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{reason}: a {kind} entity ID looks like {pattern}, e.g. {example}</source>
        <translation>{reason}: ID сущности {kind} выглядит как {pattern}, например {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The entity ID is empty</source>
        <translation>ID сущности не указан</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The entity ID is {length} characters long (at most {most})</source>
        <translation>Длина ID сущности — {length} символов (допустимо не больше {most})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The entity ID contains a control character ({character})</source>
        <translation>В ID сущности есть управляющий символ ({character})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The entity ID holds bytes that are not valid text ({character}): type it again, or save the file as UTF-8</source>
        <translation>ID сущности содержит байты, которые не являются текстом ({character}): введите его заново или сохраните файл в UTF-8</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The entity ID contains {marker}, which the portal&apos;s batch replaces with an earlier answer: such an ID cannot be looked up safely</source>
        <translation>ID сущности содержит {marker}: пакетный запрос портала подставляет на это место предыдущий ответ, поэтому такой ID нельзя безопасно найти</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A live chat&apos;s ID is &lt;lineId&gt;|&lt;clientUserId&gt;, two numbers such as 3|25: {text} will likely find nothing (it is looked up anyway)</source>
        <translation>ID онлайн-чата — это &lt;lineId&gt;|&lt;clientUserId&gt;, два числа, например 3|25: по {text}, скорее всего, ничего не найдётся (поиск всё равно выполняется)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{text} is not a CRM entity ID</source>
        <translation>{text} — не ID сущности CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRM IDs start at 1</source>
        <translation>ID в CRM начинаются с 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{text} does not have four non-empty parts</source>
        <translation>В {text} нет четырёх непустых частей</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the line ID {line} is not a number</source>
        <translation>ID линии {line} — не число</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{text} does not have two non-empty parts</source>
        <translation>В {text} нет двух непустых частей</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connector {connector} has characters a connector never has</source>
        <translation>в коннекторе {connector} есть символы, которых в коннекторах не бывает</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{kind} is not a CRM kind: use LEAD, DEAL, CONTACT, COMPANY or DYNAMIC_&lt;typeId&gt;</source>
        <translation>{kind} — не тип сущности CRM: используйте LEAD, DEAL, CONTACT, COMPANY или DYNAMIC_&lt;typeId&gt;</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>CRM entity: LEAD|13, DEAL|5, CONTACT|25, COMPANY|7 or DYNAMIC_&lt;typeId&gt;|&lt;id&gt;</source>
        <translation>Сущность CRM: LEAD|13, DEAL|5, CONTACT|25, COMPANY|7 или DYNAMIC_&lt;typeId&gt;|&lt;id&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open Lines session: connector|lineId|connectorChatId|connectorUserId</source>
        <translation>Сеанс Открытых линий: коннектор|линия|чат в коннекторе|пользователь в коннекторе</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Live chat: &lt;lineId&gt;|&lt;clientUserId&gt;, two numbers, e.g. 3|25</source>
        <translation>Онлайн-чат: &lt;lineId&gt;|&lt;clientUserId&gt;, два числа, например 3|25</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The entity&apos;s identifier, e.g. 42</source>
        <translation>Идентификатор сущности, например 42</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/errors.py" line="+176"/>
        <source>The portal rejected the webhook: check the webhook URL in Settings (it may have been deleted or its token changed)</source>
        <translation>Портал отклонил вебхук: проверьте адрес вебхука в настройках (возможно, вебхук удалён или его токен изменился)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The webhook lacks the &apos;im&apos; scope or the right to call im.chat.get: add the &apos;im&apos; scope in Bitrix24 → Developer resources → Webhooks</source>
        <translation>У вебхука нет прав (scope) «im» или права вызывать im.chat.get: добавьте права «im» в Битрикс24 → Разработчикам → Другое → Входящий вебхук</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The portal does not know this method: check that the URL is a Bitrix24 portal&apos;s /rest/ webhook and that the portal has the Chats (im) module</source>
        <translation>Портал не знает этот метод: проверьте, что адрес — вебхук /rest/ портала Битрикс24 и что на портале есть модуль чатов (im)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The portal kept refusing requests over its rate limit: lower the requests per second in Settings, or try again when other integrations are quieter</source>
        <translation>Портал отклонял запросы сверх своего лимита: уменьшите число запросов в секунду в настройках или повторите, когда другие интеграции будут менее активны</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The portal has paused this method for this webhook (too much work in the last 10 minutes): try again later</source>
        <translation>Портал приостановил этот метод для вебхука (слишком много работы за последние 10 минут): повторите позже</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The portal answered with a server error (HTTP {status}): try again later</source>
        <translation>Портал ответил ошибкой сервера (HTTP {status}): повторите позже</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal answered with a server error: try again later</source>
        <translation>Портал ответил ошибкой сервера: повторите позже</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The portal did not run this lookup in its batch (no answer and no error for it): try again</source>
        <translation>Портал не выполнил этот поиск в пакетном запросе (нет ни ответа, ни ошибки): попробуйте ещё раз</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The portal has blocked requests from this computer&apos;s address (OVERLOAD_LIMIT): contact Bitrix24 support to lift the block</source>
        <translation>Портал заблокировал запросы с адреса этого компьютера (OVERLOAD_LIMIT): обратитесь в поддержку Битрикс24, чтобы снять блокировку</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The portal refused the request: {description}</source>
        <translation>Портал отклонил запрос: {description}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The portal refused the request</source>
        <translation>Портал отклонил запрос</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/reverse.py" line="+36"/>
        <source>{text} is a CRM dialog ID: asking for it would join the webhook&apos;s user to that CRM item&apos;s chat (or create one), so it is never sent. Give the chat&apos;s number, e.g. chat1439</source>
        <translation>{text} — ID диалога CRM: такой запрос добавил бы пользователя вебхука в чат этого объекта CRM (или создал бы чат), поэтому он не отправляется. Укажите номер чата, например chat1439</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{text} is not a chat: give 1439, chat1439, sg103 (a group&apos;s chat) or a link with IM_DIALOG=chat1439</source>
        <translation>{text} — не чат: укажите 1439, chat1439, sg103 (чат группы) или ссылку с IM_DIALOG=chat1439</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{text} is a private dialog with user {user}, not a chat: give the chat&apos;s number, e.g. chat1439</source>
        <translation>{text} — личный диалог с пользователем {user}, а не чат: укажите номер чата, например chat1439</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The portal does not show {chat}: the webhook&apos;s user is not a member (or there is no such chat)</source>
        <translation>Портал не показывает {chat}: пользователь вебхука не участник (или такого чата нет)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chat {chat} is not bound to an entity</source>
        <translation>Чат {chat} не привязан ни к какой сущности</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/tls.py" line="+18"/>
        <source>The CA bundle {path} could not be used ({reason}): choose a PEM file of certificates in Settings, or leave it empty to use the system&apos;s</source>
        <translation>Не удалось использовать файл сертификатов CA {path} ({reason}): выберите в настройках PEM-файл с сертификатами или оставьте поле пустым, чтобы использовать системные</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it holds no certificates</source>
        <translation>в нём нет сертификатов</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/webhook.py" line="+26"/>
        <source>{reason}. A webhook URL looks like {example}</source>
        <translation>{reason}. Адрес вебхука выглядит так: {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL is empty</source>
        <translation>Адрес вебхука не указан</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL contains spaces</source>
        <translation>В адресе вебхука есть пробелы</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL has no https:// at the start</source>
        <translation>Адрес вебхука не начинается с https://</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL&apos;s host or port is not valid</source>
        <translation>В адресе вебхука неверный хост или порт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL must start with https://, not {scheme}://</source>
        <translation>Адрес вебхука должен начинаться с https://, а не с {scheme}://</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL has no portal address after https://</source>
        <translation>В адресе вебхука нет адреса портала после https://</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The portal address has characters a host name never has</source>
        <translation>В адресе портала есть символы, которых в имени хоста не бывает</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bitrix24 portals only accept https://; plain http:// is allowed for this computer (localhost) only</source>
        <translation>Порталы Битрикс24 принимают только https://; простой http:// допустим только для этого компьютера (localhost)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The webhook URL must not contain a user name or password before the portal address</source>
        <translation>В адресе вебхука не должно быть имени пользователя или пароля перед адресом портала</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The webhook URL has no /rest/ part after the portal address</source>
        <translation>В адресе вебхука нет части /rest/ после адреса портала</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL must have the user ID and the token after /rest/</source>
        <translation>В адресе вебхука после /rest/ должны быть ID пользователя и токен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user ID right after /rest/ must be a number such as 1</source>
        <translation>ID пользователя сразу после /rest/ должен быть числом, например 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The token after the user ID has characters a webhook token never has</source>
        <translation>В токене после ID пользователя есть символы, которых в токенах вебхуков не бывает</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL has unexpected parts after the token</source>
        <translation>В адресе вебхука лишние части после токена</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The webhook URL has a ?query or #fragment after the token</source>
        <translation>В адресе вебхука после токена есть ?параметры или #фрагмент</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/why_no_chat.py" line="+21"/>
        <source>{entity} has no chat yet: a CRM item&apos;s discussion chat is created only when someone first opens the chat from its card, so most items have none; an item in the Recycle Bin is bound as SUS_{kind}|&lt;id&gt; instead</source>
        <translation>У {entity} пока нет чата: чат обсуждения объекта CRM создаётся, только когда кто-то впервые открывает чат из его карточки, поэтому у большинства объектов его нет; объект в корзине привязан как SUS_{kind}|&lt;id&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A live chat&apos;s ENTITY_ID is lineId|clientUserId, two numbers such as 3|25; {entity_id} is not that shape, so no chat can match it</source>
        <translation>ENTITY_ID онлайн-чата — lineId|clientUserId, два числа, например 3|25; {entity_id} не такого вида, поэтому ни один чат ему не соответствует</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An Open Lines chat&apos;s ENTITY_ID is connector|lineId|connectorChatId|connectorUserId, exactly as the connector reported it (a live chat&apos;s: livechat|lineId|chatId|clientUserId); {entity_id} is not that shape</source>
        <translation>ENTITY_ID чата открытой линии — connector|lineId|connectorChatId|connectorUserId, ровно как его передал коннектор (у онлайн-чата: livechat|lineId|chatId|clientUserId); {entity_id} не такого вида</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open-line chats of a CRM item can be looked up only with the webhook&apos;s imopenlines scope</source>
        <translation>Чаты открытых линий объекта CRM можно найти, только если у вебхука есть право imopenlines</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Its open-line chats could not be read: {reason}</source>
        <translation>Его чаты открытых линий прочитать не удалось: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{reason}. {note}</source>
        <translation>{reason}. {note}</translation>
    </message>
    <message>
        <location filename="../../gui/store/history.py" line="+25"/>
        <source>is not valid JSON</source>
        <translation>не является корректным JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>does not hold a history</source>
        <translation>не содержит истории</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is nested too deeply to be a history file</source>
        <translation>вложен слишком глубоко для файла истории</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The history file {path} {why} and could not be moved aside ({kind}): starting with an empty history</source>
        <translation>Файл истории {path} {why}, и его не удалось отложить ({kind}): история начинается пустой</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The history file {path} {why}: it was kept as {aside} and the history starts empty</source>
        <translation>Файл истории {path} {why}: он сохранён как {aside}, история начинается пустой</translation>
    </message>
    <message>
        <location filename="../../gui/store/options.py" line="+22"/>
        <source>{problem}; using the default ({default}) instead</source>
        <translation>{problem}; вместо этого используется значение по умолчанию ({default})</translation>
    </message>
    <message>
        <location filename="../../gui/store/proxy.py" line="+11"/>
        <source>Enter the proxy address, like {example}</source>
        <translation>Введите адрес прокси, например {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy address has a bad host or port: write it like {example}</source>
        <translation>В адресе прокси неверный хост или порт: пишите, например, {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy address must start with http:// or https://, like {example}</source>
        <translation>Адрес прокси должен начинаться с http:// или https://, например {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy address has no host: write it like {example}</source>
        <translation>В адресе прокси нет хоста: пишите, например, {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy address needs a port after the host, like {example}</source>
        <translation>В адресе прокси нужен порт после хоста, например {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy address must be only scheme, host and port, like {example}</source>
        <translation>Адрес прокси — это только схема, хост и порт, например {example}</translation>
    </message>
    <message>
        <location filename="../../gui/store/secrets.py" line="+20"/>
        <source>the system keyring ({backend})</source>
        <translation>в системном хранилище паролей ({backend})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the settings file (readable only by you)</source>
        <translation>в файле настроек (доступном только вам)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not read the webhook token from {store} ({kind}): unlock the keyring, or paste the webhook URL again in Settings</source>
        <translation>Не удалось прочитать токен вебхука, хранящийся {store} ({kind}): разблокируйте хранилище паролей или снова вставьте URL вебхука в настройках</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not save the webhook token in {store} ({kind}): unlock the keyring and save again</source>
        <translation>Не удалось сохранить токен вебхука {store} ({kind}): разблокируйте хранилище паролей и сохраните ещё раз</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not remove the old webhook token from {store} ({kind})</source>
        <translation>Не удалось удалить старый токен вебхука, хранящийся {store} ({kind})</translation>
    </message>
    <message>
        <location filename="../../gui/store/settings.py" line="+44"/>
        <source>The webhook URL must be text</source>
        <translation>Адрес вебхука должен быть текстом</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The proxy address must be text</source>
        <translation>Адрес прокси должен быть текстом</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The CA bundle must be a file path</source>
        <translation>Файл корневых сертификатов задаётся путём к файлу</translation>
    </message>
    <message>
        <location filename="../../gui/store/setting_checks.py" line="+13"/>
        <source>The CA bundle file {path} does not exist: choose a PEM file, or leave it empty to use the system&apos;s certificates</source>
        <translation>Файла корневых сертификатов {path} нет: выберите файл PEM или оставьте поле пустым, чтобы использовать системные сертификаты</translation>
    </message>
    <message>
        <location filename="../../gui/store/settings.py" line="-5"/>
        <source>Requests per second must be a number from {low} to {high}</source>
        <translation>Запросов в секунду — число от {low} до {high}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The burst must be a whole number from {low} to {high}</source>
        <translation>Запас запросов — целое число от {low} до {high}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The timeout must be a number of seconds from {low} to {high}</source>
        <translation>Тайм-аут — число секунд от {low} до {high}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The proxy setting must be one of: {choices}</source>
        <translation>Настройка прокси должна быть одной из: {choices}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The language must be empty (the system&apos;s) or one of: {choices}</source>
        <translation>Язык должен быть пустым (системный) или одним из: {choices}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>requests per second, {low} to {high} (default {default})</source>
        <translation>запросов в секунду, от {low} до {high} (по умолчанию {default})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>requests allowed at once before pacing, {low} to {high} (default {default})</source>
        <translation>запросов сразу, до того как начнётся выравнивание темпа, от {low} до {high} (по умолчанию {default})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seconds each request may take, {low} to {high} (default {default})</source>
        <translation>секунд на каждый запрос, от {low} до {high} (по умолчанию {default})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{problem}; using the system proxy instead</source>
        <translation>{problem}; вместо этого используется системный прокси</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The settings file {path} was written by a newer version of the app; settings this version does not know are ignored</source>
        <translation>Файл настроек {path} записан более новой версией приложения; настройки, которых эта версия не знает, пропущены</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>is not valid JSON (line {line})</source>
        <translation>не является корректным JSON (строка {line})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>does not hold a settings object</source>
        <translation>не содержит настроек</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is nested too deeply to be a settings file</source>
        <translation>вложен слишком глубоко для файла настроек</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The settings file {path} {why} and could not be moved aside ({kind}): default settings are used for now</source>
        <translation>Файл настроек {path} {why}, и его не удалось отложить ({kind}): пока используются настройки по умолчанию</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The settings file {path} {why}: it was kept as {aside} and default settings are used; enter your settings again</source>
        <translation>Файл настроек {path} {why}: он сохранён как {aside}, используются настройки по умолчанию; введите настройки заново</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The saved webhook could not be read: paste the webhook URL again in Settings</source>
        <translation>Сохранённый вебхук не удалось прочитать: снова вставьте URL вебхука в настройках</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The webhook token was kept in {place}, which this session does not use (it keeps tokens in {store}): paste the webhook URL again in Settings</source>
        <translation>Токен вебхука хранился {place}, а этот сеанс так не хранит токены (он хранит их {store}): снова вставьте URL вебхука в настройках</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The webhook token for {portal} was not found in {store}: paste the webhook URL again in Settings</source>
        <translation>Токен вебхука для {portal} не найден {store}: снова вставьте URL вебхука в настройках</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The saved webhook is not valid ({why}): paste the webhook URL again in Settings</source>
        <translation>Сохранённый вебхук недействителен ({why}): снова вставьте URL вебхука в настройках</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the system keyring</source>
        <translation>в системном хранилище паролей</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the settings file</source>
        <translation>в файле настроек</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a token store ({kind})</source>
        <translation>в хранилище токенов ({kind})</translation>
    </message>
    <message>
        <location filename="../../gui/store/user_files.py" line="+21"/>
        <source>could not be read ({kind})</source>
        <translation>не читается ({kind})</translation>
    </message>
    <message>
        <location filename="../../gui/store/journal.py" line="+41"/>
        <source>{name} is not a bulk-run journal</source>
        <translation>{name} — не журнал массового поиска</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} was written by another version of the app</source>
        <translation>{name} записан другой версией приложения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} ends before its input does</source>
        <translation>{name} обрывается раньше, чем кончаются входные строки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} holds {count} input rows, not {total}</source>
        <translation>в {name} {count} входных строк, а не {total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} could not be read: {reason}</source>
        <translation>{name} не удалось прочитать: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is damaged: {reason}</source>
        <translation>{name} повреждён: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A bulk-run journal that could not be read ({why}) was kept as {aside}</source>
        <translation>Журнал массового поиска, который не удалось прочитать ({why}), сохранён как {aside}</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/bulk_columns.py" line="+20"/>
        <source>There is no column {column}: the columns are {columns}</source>
        <translation>Нет столбца {column}: столбцы такие: {columns}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no column {column}: the rows have {count} columns</source>
        <translation>Нет столбца {column}: в строках {count} столбцов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is an old Excel file (.xls): save it as .xlsx or CSV, then open that</source>
        <translation>{name} — файл старого формата Excel (.xls): сохраните его как .xlsx или CSV и откройте тот</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is a web page, not a table file (Bitrix24&apos;s “Excel” export is one): export CSV from Bitrix24 instead, or open it in Excel and save it as .xlsx</source>
        <translation>{name} — веб-страница, а не таблица (так выглядит экспорт Битрикс24 «в Excel»): выгрузите из Битрикс24 CSV или откройте файл в Excel и сохраните как .xlsx</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ID column is empty on this row</source>
        <translation>В этой строке столбец ID пуст</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/workbook.py" line="+26"/>
        <source>{name} could not be read as an Excel workbook ({reason}): save it again as .xlsx or CSV</source>
        <translation>{name} не читается как книга Excel ({reason}): сохраните её заново как .xlsx или CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The workbook has no sheet {sheet}: its sheets are {sheets}</source>
        <translation>В книге нет листа {sheet}: её листы — {sheets}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An Excel sheet holds at most {most} rows: write CSV instead</source>
        <translation>Лист Excel вмещает не больше {most} строк: сохраните в CSV</translation>
    </message>
    <message>
        <location filename="../../gui/store/profiles.py" line="+42"/>
        <source>A profile needs a name</source>
        <translation>У профиля должно быть имя</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A profile name has at most {n} characters</source>
        <translation>Имя профиля — не длиннее {n} символов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A profile name cannot hold / \ or control characters: {name}</source>
        <translation>В имени профиля не может быть / \ и управляющих символов: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is already a profile named {name}</source>
        <translation>Профиль с именем {name} уже есть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no profile named {name}; the profiles are: {names}</source>
        <translation>Профиля с именем {name} нет; есть профили: {names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The profile list {path} could not be read: it was kept as {aside}, and the profiles are offered under their folder names (rename them in Settings)</source>
        <translation>Не удалось прочитать список профилей {path}: он сохранён как {aside}, а профили показаны под именами своих папок (переименуйте их в настройках)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The first profile ({name}) holds the app&apos;s original files: it cannot be removed</source>
        <translation>В первом профиле ({name}) хранятся исходные файлы программы: его нельзя удалить</translation>
    </message>
    <message>
        <location filename="../../gui/store/settings.py" line="-33"/>
        <source>The clipboard offer must be true or false</source>
        <translation>Предложение из буфера обмена должно быть true или false</translation>
    </message>
    <message>
        <location filename="../../gui/bitrix/links.py" line="+21"/>
        <source>This link is not one we can read: paste a CRM card&apos;s link (…/crm/deal/details/1663/, also lead, contact, company or quote; …/crm/type/128/details/3/ for smart processes and smart invoices) or a chat&apos;s link holding IM_DIALOG=chat1439 or IM_DIALOG=sg12</source>
        <translation>Такую ссылку мы не понимаем: вставьте ссылку на карточку CRM (…/crm/deal/details/1663/, а также лида, контакта, компании или предложения; …/crm/type/128/details/3/ для смарт-процессов и смарт-счетов) или ссылку на чат с IM_DIALOG=chat1439 или IM_DIALOG=sg12</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This link opens a CRM card of type {type_id}, a kind we do not know: paste a lead, deal, contact, company, quote, smart invoice or smart process card</source>
        <translation>Эта ссылка открывает карточку CRM типа {type_id}, а такой тип нам неизвестен: вставьте карточку лида, сделки, контакта, компании, предложения, смарт-счёта или смарт-процесса</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This link opens the private dialog with user {user_id}, not a chat of a CRM entity or a group</source>
        <translation>Эта ссылка открывает личный диалог с пользователем {user_id}, а не чат сущности CRM или группы</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This link opens a CRM chat by its entity ({dialog}): paste the CRM card&apos;s link instead</source>
        <translation>Эта ссылка открывает чат CRM по его сущности ({dialog}): вставьте вместо неё ссылку на карточку CRM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This link is for portal {link_host}; you are asking portal {active_host}</source>
        <translation>Эта ссылка с портала {link_host}, а запрос идёт к порталу {active_host}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is a chat&apos;s link ({dialog}), not a CRM card&apos;s</source>
        <translation>Это ссылка на чат ({dialog}), а не на карточку CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A CRM card&apos;s link names a CRM entity ({entity_id}), not a {kind} one</source>
        <translation>Ссылка на карточку CRM указывает на сущность CRM ({entity_id}), а не на сущность типа {kind}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the entity type before its ID (CRM, LINES, LIVECHAT, …), or paste a link</source>
        <translation>Укажите тип сущности перед её ID (CRM, LINES, LIVECHAT, …) или вставьте ссылку</translation>
    </message>
</context>
<context>
    <name>About</name>
    <message>
        <location filename="../../gui/desktop/about.py" line="+14"/>
        <source>&lt;h3&gt;B24 Chat Lookup {version}&lt;/h3&gt;&lt;p&gt;Finds the Bitrix24 chat behind a CRM entity, an Open Lines session or a live chat, with the REST method &lt;code&gt;im.chat.get&lt;/code&gt;.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;{docs}&quot;&gt;im.chat.get reference&lt;/a&gt;&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;B24 Chat Lookup {version}&lt;/h3&gt;&lt;p&gt;Находит чат Битрикс24, связанный с сущностью CRM, сеансом Открытых линий или онлайн-чатом, через REST-метод &lt;code&gt;im.chat.get&lt;/code&gt;.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;{docs}&quot;&gt;Справка по im.chat.get&lt;/a&gt;&lt;/p&gt;&lt;p&gt;Лицензия MIT.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About B24 Chat Lookup</source>
        <translation>О программе B24 Chat Lookup</translation>
    </message>
</context>
<context>
    <name>Browser</name>
    <message>
        <location filename="../../gui/desktop/browser.py" line="+14"/>
        <source>No web browser could be opened. The address is {url}</source>
        <translation>Не удалось открыть браузер. Адрес: {url}</translation>
    </message>
</context>
<context>
    <name>BulkInputPanel</name>
    <message>
        <location filename="../../gui/desktop/bulk_input.py" line="+88"/>
        <source>Open file…</source>
        <translation>Открыть файл…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Entity type for rows without one</source>
        <translation>Тип сущности для строк без типа</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type from each row</source>
        <translation>Тип из каждой строки</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CRM entity for bare numbers</source>
        <translation>Сущность CRM для чисел без типа</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not used</source>
        <translation>не задано</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bare numbers are IDs of this CRM entity (or type DYNAMIC_&lt;typeId&gt;)</source>
        <translation>Числа без типа — это ID этой сущности CRM (или введите DYNAMIC_&lt;typeId&gt;)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Input source</source>
        <translation>Исходные данные</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Rows without a t&amp;ype:</source>
        <translation>Строки без &amp;типа:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Bare numbers are:</source>
        <translation>&amp;Числа без типа:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Rows to look up</source>
        <translation>Строки для поиска</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Open a CSV, TSV or Excel file</source>
        <translation>Открыть файл CSV, TSV или Excel</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>One row a line: LEAD|13, CRM,DEAL|5 or bare numbers of the type chosen above. Or open (or drop) a CSV/TSV file, a CRM export or an Excel workbook.</source>
        <translation>По строке на запись: LEAD|13, CRM,DEAL|5 или просто числа с типом, выбранным выше. Или откройте (перетащите) файл CSV/TSV, выгрузку CRM или книгу Excel.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>One row a line, e.g.
LEAD|13
CRM,DEAL|5
LINES,telegrambot|2|209607941|744
or bare numbers with the type chosen above.
Or open (or drop) a CSV/TSV file, a CRM export or an Excel workbook.</source>
        <translation>По строке на запись, например:
LEAD|13
CRM,DEAL|5
LINES,telegrambot|2|209607941|744
или просто числа с типом, выбранным выше.
Или откройте (перетащите) файл CSV/TSV, выгрузку CRM или книгу Excel.</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Input preview</source>
        <translation>Предпросмотр данных</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The column that holds the IDs</source>
        <translation>Столбец с идентификаторами</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which of the file&apos;s columns holds the IDs; remembered for files like this</source>
        <translation>В каком столбце файла идентификаторы; запоминается для таких файлов</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ID column:</source>
        <translation>Столбец ID:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The sheet to read</source>
        <translation>Лист, который читать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sheet:</source>
        <translation>Лист:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>File: {name}</source>
        <translation>Файл: {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The rows come from {name} (the table below shows them).
Type or paste rows here to look those up instead.</source>
        <translation>Строки берутся из {name} (они в таблице ниже).
Введите или вставьте строки сюда, чтобы искать их.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Reading rows…</source>
        <translation>Читаем строки…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No rows yet: paste rows or open a file</source>
        <translation>Строк пока нет: вставьте строки или откройте файл</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{total} rows: {valid} valid, {invalid} invalid</source>
        <translation>Строк: {total}, верных: {valid}, неверных: {invalid}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; {count} repeat an ID above and are looked up once</source>
        <translation>; {count} повторяют ID выше — их ищут один раз</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (invalid rows are not sent; the Error column says why)</source>
        <translation> (неверные строки не отправляются; причина — в столбце «Ошибка»)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Type and ID columns</source>
        <translation>Столбцы типа и ID</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Column {number}</source>
        <translation>Столбец {number}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not read the rows: {message}</source>
        <translation>Не удалось прочитать строки: {message}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Open rows to look up</source>
        <translation>Открыть строки для поиска</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tables (*.csv *.tsv *.txt *.xlsx);;CSV / TSV / text (*.csv *.tsv *.txt);;Excel workbook (*.xlsx);;All files (*)</source>
        <translation>Таблицы (*.csv *.tsv *.txt *.xlsx);;CSV / TSV / текст (*.csv *.tsv *.txt);;Книга Excel (*.xlsx);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>BulkResultsModel</name>
    <message>
        <location filename="../../gui/desktop/bulk_model.py" line="+114"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat ID</source>
        <translation>ID чата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat type</source>
        <translation>Тип чата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Members</source>
        <translation>Участников</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages</source>
        <translation>Сообщений</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRM card</source>
        <translation>Карточка CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open-line chats</source>
        <translation>Чаты открытых линий</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no chat</source>
        <translation>нет чата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Column {number}</source>
        <translation>Столбец {number}</translation>
    </message>
</context>
<context>
    <name>BulkResultsPanel</name>
    <message>
        <location filename="../../gui/desktop/bulk_results.py" line="+103"/>
        <source>Show rows</source>
        <translation>Показать строки</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Found</source>
        <translation>Найдено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No chat</source>
        <translation>Нет чата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the results as CSV or an Excel workbook</source>
        <translation>Сохранить результаты в CSV или книгу Excel</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open in Bitrix24</source>
        <translation>&amp;Открыть в Битрикс24</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Show:</source>
        <translation>Пока&amp;зать:</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>CSV (*.csv);;Excel workbook (*.xlsx)</source>
        <translation>CSV (*.csv);;Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export which rows?</source>
        <translation>Какие строки сохранить?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The table shows {shown} of {total} rows. Export the rows shown, or all?</source>
        <translation>В таблице показано {shown} из {total} строк. Сохранить показанные или все?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rows shown</source>
        <translation>Показанные</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All rows</source>
        <translation>Все строки</translation>
    </message>
    <message>
        <location line="-179"/>
        <source>Bulk results</source>
        <translation>Результаты массового поиска</translation>
    </message>
    <message>
        <location line="+152"/>
        <source>Export results</source>
        <translation>Экспорт результатов</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Replace file?</source>
        <translation>Заменить файл?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} already exists. Replace it?</source>
        <translation>{name} уже существует. Заменить?</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Could not save {name}: {reason}</source>
        <translation>Не удалось сохранить {name}: {reason}</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Saved {count} rows to {name}</source>
        <translation>Сохранено строк: {count}, файл: {name}</translation>
    </message>
</context>
<context>
    <name>BulkView</name>
    <message>
        <location filename="../../gui/desktop/bulk_view.py" line="+207"/>
        <source>No webhook is set: open Settings and paste the portal&apos;s incoming webhook URL</source>
        <translation>Вебхук не задан: откройте настройки и вставьте адрес входящего вебхука портала</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_progress.py" line="+151"/>
        <source>Starting…</source>
        <translation>Запускаем…</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_view.py" line="+47"/>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_status.py" line="+25"/>
        <location line="+3"/>
        <source>{s} s</source>
        <translation>{s} с</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{m} min {s} s</source>
        <translation>{m} мин {s} с</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{h} h {m} min</source>
        <translation>{h} ч {m} мин</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_progress.py" line="-104"/>
        <source>{what} ({keys})</source>
        <translation>{what} ({keys})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Quit during a bulk run?</source>
        <translation>Выйти во время массового поиска?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bulk run has {done} of {total} rows done. Quit anyway? The rows done are kept and the run can be resumed next time.</source>
        <translation>Массовый поиск прошёл {done} из {total} строк. Всё равно выйти? Готовые строки сохранятся, а поиск можно будет продолжить в следующий раз.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Run</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run the bulk lookup</source>
        <translation>Запустить массовый поиск</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../gui/desktop/bulk_view.py" line="+0"/>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause or resume the run</source>
        <translation>Приостановить или продолжить запуск</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the run</source>
        <translation>Отменить запуск</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chat &amp;details</source>
        <translation>Све&amp;дения о чатах</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also read each chat&apos;s card, and the open-line chats of CRM items without one</source>
        <translation>Также прочитать карточку каждого чата и чаты открытых линий объектов CRM без своего чата</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bulk progress</source>
        <translation>Ход массового поиска</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Nothing to send yet</source>
        <translation>Пока нечего отправлять</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run goes on with the {count} IDs not yet looked up</source>
        <translation>Запуск продолжит с {count} ещё не найденных ID</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} IDs will be sent</source>
        <translation>Будет отправлено ID: {count}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%v / %m rows</source>
        <translation>%v из %m строк</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{pace} · {news}</source>
        <translation>{pace} · {news}</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_view.py" line="-165"/>
        <source>Run status</source>
        <translation>Состояние запуска</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>Paused after the current request</source>
        <translation>Пауза после текущего запроса</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancelling after the current request…</source>
        <translation>Отменяем после текущего запроса…</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_status.py" line="+6"/>
        <source>{rate} rows/s, about {left} left</source>
        <translation>{rate} строк/с, осталось около {left}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Retrying in {seconds} s ({reason}, attempt {attempt})</source>
        <translation>Повтор через {seconds} с ({reason}, попытка {attempt})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for the portal&apos;s rate limit ({seconds} s)…</source>
        <translation>Ожидание лимита запросов портала ({seconds} с)…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>found: {found}, no chat: {none}, errors: {errors}</source>
        <translation>найдено: {found}, без чата: {none}, ошибок: {errors}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done in {time}: {summary}</source>
        <translation>Готово за {time}: {summary}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled after {done} of {total} rows: {summary}</source>
        <translation>Отменено после {done} из {total} строк: {summary}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The run stopped on an unexpected error ({message}); it can be resumed from the journal next time</source>
        <translation>Запуск остановлен непредвиденной ошибкой ({message}); в следующий раз его можно продолжить по журналу</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped after {done} of {total} rows: {message}. Resume retries the rest</source>
        <translation>Остановлено после {done} из {total} строк: {message}. «Продолжить» повторит остальные</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped: the run can be resumed next time</source>
        <translation>Остановлено: запуск можно продолжить в следующий раз</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_view.py" line="+86"/>
        <source>Loading the interrupted run…</source>
        <translation>Загружаем прерванный запуск…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The interrupted run cannot be resumed: {message}</source>
        <translation>Прерванный запуск нельзя продолжить: {message}</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/bulk_worker.py" line="+126"/>
        <source>The file {path} could not be read ({why})</source>
        <translation>Не удалось прочитать файл {path} ({why})</translation>
    </message>
</context>
<context>
    <name>ChatCardView</name>
    <message>
        <location filename="../../gui/desktop/chat_card.py" line="+47"/>
        <source>Chat card</source>
        <translation>Карточка чата</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open chat</source>
        <translation>Открыть чат</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open CRM card</source>
        <translation>Открыть карточку CRM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy link</source>
        <translation>Копировать ссылку</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Title:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat type:</source>
        <translation>Тип чата:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner (user ID):</source>
        <translation>Владелец (ID пользователя):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Members:</source>
        <translation>Участников:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Messages:</source>
        <translation>Сообщений:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created:</source>
        <translation>Создан:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRM card:</source>
        <translation>Карточка CRM:</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Reading the chat&apos;s details…</source>
        <translation>Загружаем сведения о чате…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Its operators&apos; chat: {id}</source>
        <translation>Чат операторов: {id}</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Open-line chats: {links}</source>
        <translation>Чаты открытых линий: {links}</translation>
    </message>
</context>
<context>
    <name>ChatLinkLookup</name>
    <message>
        <location filename="../../gui/desktop/chat_link_lookup.py" line="+61"/>
        <source>Looking up which entity {chat} belongs to…</source>
        <translation>Ищем, какой сущности принадлежит {chat}…</translation>
    </message>
</context>
<context>
    <name>ClipboardOffer</name>
    <message>
        <location filename="../../gui/desktop/clipboard_offer.py" line="+41"/>
        <location line="+58"/>
        <source>Look up</source>
        <translation>Найти</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Look up what the clipboard holds</source>
        <translation>Найти то, что лежит в буфере обмена</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dismiss the clipboard offer</source>
        <translation>Скрыть предложение из буфера обмена</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>{id} from the clipboard: {why}</source>
        <translation>{id} из буфера обмена: {why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Switch to {profile} and look up</source>
        <translation>Перейти на {profile} и найти</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Look up {id} from the clipboard?</source>
        <translation>Найти {id} из буфера обмена?</translation>
    </message>
</context>
<context>
    <name>ConnectionBox</name>
    <message>
        <location filename="../../gui/desktop/connection_box.py" line="+52"/>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Requests per second</source>
        <translation>Запросов в секунду</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Requests per second:</source>
        <translation>&amp;Запросов в секунду:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Burst</source>
        <translation>Запас запросов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Burst:</source>
        <translation>Запас запросо&amp;в:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bitrix24 allows 2 requests per second and a burst of 50; Enterprise plans allow 5 and 250.</source>
        <translation>Битрикс24 допускает 2 запроса в секунду и запас в 50 запросов; на тарифе «Энтерпрайз» — 5 и 250.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request timeout in seconds</source>
        <translation>Тайм-аут запроса в секундах</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request t&amp;imeout:</source>
        <translation>&amp;Тайм-аут запроса:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>System settings</source>
        <translation>Системные настройки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No proxy</source>
        <translation>Без прокси</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom proxy</source>
        <translation>Свой прокси</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proxy</source>
        <translation>Прокси</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Proxy:</source>
        <translation>П&amp;рокси:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proxy address</source>
        <translation>Адрес прокси</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proxy &amp;address:</source>
        <translation>Адр&amp;ес прокси:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>System default</source>
        <translation>Системные</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For an on-premise portal with its own certificate authority: a PEM file. Empty: the system&apos;s trust store</source>
        <translation>Для коробочного портала со своим центром сертификации: файл PEM. Пусто: системное хранилище сертификатов</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>CA bundle file</source>
        <translation>Файл корневых сертификатов</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Br&amp;owse…</source>
        <translation>&amp;Обзор…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a CA bundle file</source>
        <translation>Выбрать файл корневых сертификатов</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Certificates:</source>
        <translation>&amp;Сертификаты:</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Choose a CA bundle</source>
        <translation>Выбор файла корневых сертификатов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Сертификаты (*.pem *.crt *.cer);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <location filename="../../gui/desktop/wording.py" line="+36"/>
        <source>{path} could not be written ({why}): check that its folder is writable</source>
        <translation>Не удалось записать {path} ({why}): проверьте, что в его папку можно писать</translation>
    </message>
</context>
<context>
    <name>FirstRunBanner</name>
    <message>
        <location filename="../../gui/desktop/first_run.py" line="+24"/>
        <source>No webhook is set yet. Paste your portal&apos;s incoming webhook URL in Settings (Bitrix24 → Developer resources → Other → Incoming webhook, with the &apos;im&apos; scope), or try the demo with sample data.</source>
        <translation>Вебхук ещё не задан. Вставьте адрес входящего вебхука портала в настройках (Битрикс24 → Разработчикам → Другое → Входящий вебхук, с правом «im») или попробуйте демо с примерами данных.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Open settings</source>
        <translation>Открыть настройки</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Try the demo</source>
        <translation>Попробовать демо</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../gui/desktop/history_view.py" line="+38"/>
        <source>Search the history</source>
        <translation>Поиск по истории</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lookup history</source>
        <translation>История поиска</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+2"/>
        <location line="+102"/>
        <source>Clear history</source>
        <translation>Очистить историю</translation>
    </message>
    <message>
        <location line="-100"/>
        <source>Hi&amp;story</source>
        <translation>&amp;История</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Remove all {n} entries from the history? This cannot be undone.</source>
        <translation>Удалить из истории все записи ({n})? Это нельзя отменить.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Copy chat ID</source>
        <translation>&amp;Копировать ID чата</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove entry</source>
        <translation>&amp;Удалить запись</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;lear history…</source>
        <translation>О&amp;чистить историю…</translation>
    </message>
    <message>
        <location line="-135"/>
        <location line="+57"/>
        <source>chat {id}</source>
        <translation>чат {id}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no chat</source>
        <translation>нет чата</translation>
    </message>
</context>
<context>
    <name>LinkPaste</name>
    <message>
        <location filename="../../gui/desktop/link_paste.py" line="+100"/>
        <source>Switch to {profile}</source>
        <translation>Перейти на {profile}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch to the portal profile {profile}</source>
        <translation>Перейти на профиль портала {profile}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{chat} is a chat: the entity it belongs to is looked up from it</source>
        <translation>{chat} — это чат: по нему ищется сущность, которой он принадлежит</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Enter to read the link</source>
        <translation>Нажмите Enter, чтобы прочитать ссылку</translation>
    </message>
</context>
<context>
    <name>LookupPage</name>
    <message>
        <location filename="../../gui/desktop/lookup_page.py" line="+182"/>
        <source>Looking up {ref}…</source>
        <translation>Ищем {ref}…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Done in {ms} ms</source>
        <translation>Готово за {ms} мс</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Waiting for the rate limit ({s} s)…</source>
        <translation>Ждём из-за ограничения частоты запросов ({s} с)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retrying (attempt {n}): {why}…</source>
        <translation>Повтор (попытка {n}): {why}…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Chat ID {id} copied</source>
        <translation>ID чата {id} скопирован</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The history could not be saved ({why}): check that {folder} is writable</source>
        <translation>Не удалось сохранить историю ({why}): проверьте, что в папку {folder} можно писать</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>History cleared</source>
        <translation>История очищена</translation>
    </message>
</context>
<context>
    <name>LookupPanel</name>
    <message>
        <location filename="../../gui/desktop/lookup_panel.py" line="+70"/>
        <source>Entity type</source>
        <translation>Тип сущности</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Entity ID</source>
        <translation>ID сущности</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Lookup</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look up the chat</source>
        <translation>Найти чат</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Chat ID</source>
        <translation>ID чата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chat ID appears here</source>
        <translation>Здесь появится ID чата</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the chat ID</source>
        <translation>Копировать ID чата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in Bitrix24</source>
        <translation>Открыть чат</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the chat in Bitrix24</source>
        <translation>Открыть чат в Битрикс24</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Entity &amp;type:</source>
        <translation>&amp;Тип сущности:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entity &amp;ID:</source>
        <translation>&amp;ID сущности:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Chat ID:</source>
        <translation>ID &amp;чата:</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>e.g. {example}</source>
        <translation>например, {example}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No chat for this entity</source>
        <translation>У этой сущности нет чата</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>e.g. {example} or a link</source>
        <translation>например, {example} или ссылка</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/desktop/main_window.py" line="+109"/>
        <source>Lookup</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulk</source>
        <translation>Массовый поиск</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy chat ID</source>
        <translation>&amp;Копировать ID чата</translation>
    </message>
    <message>
        <location line="+148"/>
        <source>Portal profiles are not available in this session</source>
        <translation>В этом сеансе профили порталов недоступны</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation>&amp;О программе</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The webhook in B24_WEBHOOK_URL</source>
        <translation>Вебхук из B24_WEBHOOK_URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The saved webhook</source>
        <translation>Сохранённый вебхук</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where} is not valid: {why}</source>
        <translation>{where} неверен: {why}</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Using the webhook from B24_WEBHOOK_URL ({portal}); it is not saved</source>
        <translation>Используется вебхук из B24_WEBHOOK_URL ({portal}); он не сохраняется</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>C&amp;lear history…</source>
        <translation>О&amp;чистить историю…</translation>
    </message>
    <message>
        <location line="+65"/>
        <location line="+11"/>
        <source>Reading the webhook token…</source>
        <translation>Читаем токен вебхука…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Demo: a sample portal on this computer. Try LEAD|1 to LEAD|40, DEAL|1 to DEAL|20</source>
        <translation>Демо: пример портала на этом компьютере. Попробуйте LEAD|1 … LEAD|40, DEAL|1 … DEAL|20</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/settings_flow.py" line="+22"/>
        <source>Settings cannot be saved in this session</source>
        <translation>В этом сеансе настройки нельзя сохранить</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A bulk run is in progress: let it finish or cancel it, then change the settings.</source>
        <translation>Идёт массовый поиск: дождитесь его окончания или отмените его, затем меняйте настройки.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Settings saved; this demo session keeps using the sample portal: start the app without --demo to use them</source>
        <translation>Настройки сохранены; этот демо-сеанс продолжает работать с учебным порталом: запустите приложение без --demo, чтобы их использовать</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/main_window.py" line="+40"/>
        <location filename="../../gui/desktop/portal_switcher.py" line="+116"/>
        <source> — Demo</source>
        <translation> — демо</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="+228"/>
        <source>Something unexpected went wrong ({kind}). Your data is safe; the details are in the log file {log}. Please report it.</source>
        <translation>Произошла непредвиденная ошибка ({kind}). Ваши данные в порядке; подробности — в файле журнала {log}. Пожалуйста, сообщите о ней.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../gui/desktop/notice_bar.py" line="+37"/>
        <location line="+10"/>
        <source>Warning</source>
        <translation>Предупреждение</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+3"/>
        <source>Dismiss the warning</source>
        <translation>Скрыть предупреждение</translation>
    </message>
</context>
<context>
    <name>PortalSwitcher</name>
    <message>
        <location filename="../../gui/desktop/portal_switcher.py" line="-76"/>
        <source>Portal profile</source>
        <translation>Профиль портала</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which portal answers: a profile, or the demo portal</source>
        <translation>Какой портал отвечает: профиль или демо-портал</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Portal:</source>
        <translation>П&amp;ортал:</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>no webhook yet</source>
        <translation>вебхука пока нет</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+18"/>
        <source>Demo portal</source>
        <translation>Демо-портал</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{profile} · no webhook</source>
        <translation>{profile} · нет вебхука</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Portal in use: {0}</source>
        <translation>Используется портал: {0}</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>This demo session stays on the sample portal: start the app without --demo</source>
        <translation>Этот демо-сеанс работает только с демо-порталом: запустите программу без --demo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A bulk run is in progress: let it finish or cancel it, then switch.</source>
        <translation>Идёт массовая проверка: дождитесь её окончания или отмените, затем переключайтесь.</translation>
    </message>
</context>
<context>
    <name>ProfilesBox</name>
    <message>
        <location filename="../../gui/desktop/profiles_box.py" line="+50"/>
        <source>Portal profile</source>
        <translation>Профиль портала</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;New…</source>
        <translation>&amp;Новый…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+47"/>
        <source>New profile</source>
        <translation>Новый профиль</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Rena&amp;me…</source>
        <translation>Переи&amp;меновать…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+55"/>
        <source>Rename the profile</source>
        <translation>Переименовать профиль</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Remo&amp;ve…</source>
        <translation>&amp;Удалить…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+69"/>
        <source>Remove the profile</source>
        <translation>Удалить профиль</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>New profile {name}: it is created when you save.</source>
        <translation>Новый профиль {name}: он будет создан при сохранении.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>These settings are for the profile {name}.</source>
        <translation>Это настройки профиля {name}.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>A name for the new portal profile, e.g. Live:</source>
        <translation>Имя нового профиля портала, например «Рабочий»:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The profile&apos;s new name:</source>
        <translation>Новое имя профиля:</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Remove the profile {name}? Its webhook token, settings and history are deleted.</source>
        <translation>Удалить профиль {name}? Его токен вебхука, настройки и история будут удалены.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>The profile list {path} could not be written ({why}): check that its folder is writable. Nothing was changed.</source>
        <translation>Не удалось записать список профилей {path} ({why}): проверьте, что в его папку можно писать. Ничего не изменено.</translation>
    </message>
</context>
<context>
    <name>ResumeBanner</name>
    <message>
        <location filename="../../gui/desktop/bulk_resume.py" line="+24"/>
        <source>Interrupted run</source>
        <translation>Прерванный запуск</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume the interrupted run</source>
        <translation>Продолжить прерванный запуск</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Discard</source>
        <translation>Отбросить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard the interrupted run</source>
        <translation>Отбросить прерванный запуск</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An interrupted bulk run ({done} of {total} rows done) can be resumed.</source>
        <translation>Прерванный массовый поиск (готово {done} из {total} строк) можно продолжить.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This run was for {portal}; the app now uses {other}: switch back in Settings to resume, or Discard</source>
        <translation>Этот запуск был для {portal}, а сейчас используется {other}: верните прежний портал в настройках, чтобы продолжить, или нажмите «Отбросить»</translation>
    </message>
</context>
<context>
    <name>RetryReason</name>
    <message>
        <location filename="../../gui/desktop/worker.py" line="+37"/>
        <source>rate limit</source>
        <translation>лимит запросов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>operation time limit</source>
        <translation>лимит времени выполнения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>network</source>
        <translation>сеть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server</source>
        <translation>сервер</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/desktop/settings_dialog.py" line="+83"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Portal webhook</source>
        <translation>Вебхук портала</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Webhook URL</source>
        <translation>Адрес вебхука</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The incoming webhook from Bitrix24: Developer resources → Other → Incoming webhook</source>
        <translation>Входящий вебхук из Битрикс24: Разработчикам → Другое → Входящий вебхук</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Webhook URL:</source>
        <translation>&amp;Адрес вебхука:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;how token</source>
        <translation>По&amp;казать токен</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the webhook token</source>
        <translation>Показать токен вебхука</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The webhook in the {0} environment variable is used instead of this one; it is not saved.</source>
        <translation>Используется вебхук из переменной окружения {0}, а не этот; он не сохраняется.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Проверить подключение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test connection</source>
        <translation>Проверить подключение</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not available here</source>
        <translation>Здесь недоступно</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>No webhook yet: create one in Bitrix24 under Developer resources → Other → Incoming webhook, with the im scope, and paste its URL here.</source>
        <translation>Вебхука пока нет: создайте его в Битрикс24 (Разработчикам → Другое → Входящий вебхук) с правом im и вставьте сюда его адрес.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Portal {0}, user {1}</source>
        <translation>Портал {0}, пользователь {1}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Testing the connection…</source>
        <translation>Проверяем подключение…</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/connection_test.py" line="+17"/>
        <source>administrator</source>
        <translation>администратор</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not an administrator</source>
        <translation>не администратор</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected. The webhook belongs to {0} (ID {1}, {2}).</source>
        <translation>Подключение есть. Вебхук принадлежит пользователю {0} (ID {1}, {2}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a user without a name</source>
        <translation>без имени</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The im scope is there: lookups will work.</source>
        <translation>Право im есть: поиск чатов будет работать.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The webhook lacks the im scope, so lookups will fail. In Bitrix24 open Developer resources → Other → Incoming webhook, edit this webhook, tick &quot;Chat and notifications (im)&quot; and save.</source>
        <translation>У вебхука нет права im, поэтому поиск чатов не сработает. В Битрикс24 откройте Разработчикам → Другое → Входящий вебхук, измените этот вебхук, отметьте «Чат и уведомления (im)» и сохраните.</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/settings_dialog.py" line="+27"/>
        <source>The connection failed: {0}</source>
        <translation>Подключиться не удалось: {0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+30"/>
        <source>These settings need fixing before they can be saved:</source>
        <translation>Чтобы сохранить настройки, исправьте:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The settings could not be saved:</source>
        <translation>Настройки не удалось сохранить:</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Settings not saved</source>
        <translation>Настройки не сохранены</translation>
    </message>
</context>
<context>
    <name>TokenStoreLabel</name>
    <message>
        <location filename="../../gui/desktop/token_store_label.py" line="+34"/>
        <location line="+7"/>
        <source>Token kept in: {0}</source>
        <translation>Токен хранится: {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the settings file, readable only by you</source>
        <translation>в файле настроек, доступном только вам</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the system keyring</source>
        <translation>в системном хранилище паролей</translation>
    </message>
</context>
<context>
    <name>WindowBox</name>
    <message>
        <location filename="../../gui/desktop/window_box.py" line="+15"/>
        <source>Window</source>
        <translation>Окно</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System</source>
        <translation>Системный</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A new language takes effect after a restart.</source>
        <translation>Новый язык начнёт действовать после перезапуска.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>O&amp;ffer to look up a card link or ID found in the clipboard</source>
        <translation>Предлагать найти ссылку на карточку или ID из &amp;буфера обмена</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offer what the clipboard holds</source>
        <translation>Предлагать найти то, что в буфере обмена</translation>
    </message>
</context>
<context>
    <name>WorkerController</name>
    <message>
        <location filename="../../gui/desktop/worker.py" line="-9"/>
        <source>No webhook is set: open File → Settings… and paste the portal&apos;s incoming webhook URL, or try the demo</source>
        <translation>Вебхук не задан: откройте «Файл → Настройки…» и вставьте адрес входящего вебхука портала или попробуйте демо</translation>
    </message>
    <message>
        <location filename="../../gui/desktop/jobs.py" line="+29"/>
        <source>Something unexpected went wrong ({kind}): the details are in the log file; please report it</source>
        <translation>Произошла непредвиденная ошибка ({kind}): подробности — в файле журнала; пожалуйста, сообщите о ней</translation>
    </message>
</context>
</TS>
