handbookSearchLoaded("terms/it",{"its":[7,1]});
