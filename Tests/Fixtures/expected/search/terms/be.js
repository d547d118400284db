handbookSearchLoaded("terms/be",{"being":[9,3,10,3]});
